package dev.spindle.core;

/**
 * The states of a job. FINISHED, FAILED and CANCELED are terminal. RESTARTING (as in Flink): the
 * job failed and waits, its tasks cancelled, to run again under its restart strategy; clients
 * treat it as running.
 */
public enum JobStatus {
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}
