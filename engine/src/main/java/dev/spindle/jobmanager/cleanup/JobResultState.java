package dev.spindle.jobmanager.cleanup;

/**
 * What the job result store says of a job id, and so what a JobManager may do with a job of that
 * id (submitted, or found in the job graph store on recovery).
 */
public enum JobResultState {
    /** No entry: the job has not ended; it may run. */
    NONE,
    /** The job ended and its cleanup is not done: run only the cleanup ({@link RepeatableCleanup#resume}), never the job. */
    DIRTY,
    /** The job ended and was cleaned up: neither the job nor its cleanup runs again. */
    CLEAN;

    /** Whether a job with this state may be run. */
    public boolean mayRun() {
        return this == NONE;
    }
}
