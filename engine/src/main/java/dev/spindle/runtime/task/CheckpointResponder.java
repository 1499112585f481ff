package dev.spindle.runtime.task;

import dev.spindle.checkpoint.TaskSnapshot;

/**
 * Where a task's checkpoint messages go: to the job's checkpoint coordinator, in this JVM or over
 * RPC. Called on the task thread or on the thread that wrote the task's state files.
 */
public interface CheckpointResponder {

    /** The task took its part of the checkpoint and its state files are written. */
    default void acknowledge(TaskDescriptor task, long checkpointId, TaskSnapshot snapshot) {}

    /** The task could not take its part of the checkpoint (its state could not be written, say). */
    default void decline(TaskDescriptor task, long checkpointId, Throwable reason) {}

    /**
     * The task has processed all its input and emitted everything; it waits for one more
     * checkpoint before it ends, so that the coordinator may trigger one at once.
     */
    default void inputEnded(TaskDescriptor task) {}

    /** For tasks of jobs without checkpoints. */
    CheckpointResponder NONE = new CheckpointResponder() {};
}
