package dev.spindle.runtime.task;

/**
 * Hears of a task's state changes (called on the task's thread) and, for jobs that checkpoint,
 * of its checkpoint acknowledgements.
 */
@FunctionalInterface
public interface TaskListener extends CheckpointResponder {
    void stateChanged(TaskExecutionState state);
}
