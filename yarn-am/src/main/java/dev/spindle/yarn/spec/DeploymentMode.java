package dev.spindle.yarn.spec;

/**
 * Where a cluster's programs run and when it ends; the JobManager's code path for a job is the
 * same in all three.
 */
public enum DeploymentMode {
    /** Long-running; jobs arrive over REST; ends when stopped. */
    SESSION,
    /** Runs the one job graph the client shipped; ends with it, its final status mirroring the job's. */
    PER_JOB,
    /** Runs the shipped program's main() in the AM; ends when main() has returned and its jobs are done. */
    APPLICATION
}
