package dev.spindle.yarn.am;

import dev.spindle.resource.ApplicationStatus;
import java.util.Objects;

/**
 * How an ApplicationMaster ends: the final status it unregisters with, the diagnostics YARN shows,
 * and its process's exit code.
 */
public record AmOutcome(ApplicationStatus status, String diagnostics, int exitCode) {
    /** Stopped as asked, or its work done. */
    public static final int EXIT_SUCCEEDED = 0;
    /** The cluster's work failed, or the mode is not available. */
    public static final int EXIT_FAILED = 1;
    /** The container's setup is wrong: no valid cluster spec, no secret in the credentials. */
    public static final int EXIT_INVALID_SETUP = 2;
    /** The JobManager could not start, or the AM could not register. */
    public static final int EXIT_START_FAILED = 3;
    /**
     * The AM lost its YARN ResourceManager for good (the AMRM client gave up, or the ResourceManager
     * no longer knows the attempt): it cannot unregister, so YARN decides the attempt's fate.
     */
    public static final int EXIT_RESOURCE_MANAGER_LOST = 4;
    /** Killed (SIGTERM from the NodeManager, as for {@code yarn application -kill}). */
    public static final int EXIT_KILLED = 143;

    public AmOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    public static AmOutcome succeeded(String diagnostics) {
        return new AmOutcome(ApplicationStatus.SUCCEEDED, diagnostics, EXIT_SUCCEEDED);
    }

    public static AmOutcome failed(String diagnostics, int exitCode) {
        return new AmOutcome(ApplicationStatus.FAILED, diagnostics, exitCode);
    }

    public static AmOutcome resourceManagerLost(String diagnostics) {
        return new AmOutcome(ApplicationStatus.FAILED, diagnostics, EXIT_RESOURCE_MANAGER_LOST);
    }

    /** Whether the AM can still tell the ResourceManager how it ends. */
    public boolean canUnregister() {
        return exitCode != EXIT_RESOURCE_MANAGER_LOST;
    }

    public static AmOutcome killed(String diagnostics) {
        return new AmOutcome(ApplicationStatus.KILLED, diagnostics, EXIT_KILLED);
    }
}
