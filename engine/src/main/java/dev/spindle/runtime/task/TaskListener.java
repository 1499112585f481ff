package dev.spindle.runtime.task;

/** Hears of a task's state changes; called on the task's thread. */
@FunctionalInterface
public interface TaskListener {
    void stateChanged(TaskExecutionState state);
}
