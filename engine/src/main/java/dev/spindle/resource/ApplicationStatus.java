package dev.spindle.resource;

/**
 * How a cluster ends for good, as a {@link ResourceDriver} tells its resource provider
 * ({@link ResourceDriver#deregister}); a YARN driver maps it to YARN's final application status.
 */
public enum ApplicationStatus {
    /** Its work done, or stopped as asked. */
    SUCCEEDED,
    /** Its work failed, or the cluster could not run it. */
    FAILED,
    /** Stopped from outside (killed) before its work was done. */
    KILLED
}
