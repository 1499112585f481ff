package dev.spindle.runtime.task;

/** The states of one parallel task. */
public enum ExecutionState {
    CREATED,
    DEPLOYING,
    RUNNING,
    FINISHED,
    CANCELING,
    CANCELED,
    FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
