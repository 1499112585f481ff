package dev.spindle.checkpoint;

/** What a job's {@link CheckpointCoordinator} asks of the job (its JobMaster). */
public interface CheckpointJobActions {
    /**
     * Whether every task of the current attempt is running (or has finished): a trigger sent
     * earlier could miss a task that is still being deployed, and its checkpoint would only end
     * by timing out.
     */
    boolean allTasksRunning();

    /** Sends a trigger to every task of the job's current attempt. */
    void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options);

    /** Tells every task of the current attempt that a checkpoint completed. */
    void notifyCheckpointComplete(long checkpointId);

    /** Too many checkpoints failed in a row: the job fails with {@code cause}. */
    void failJob(Throwable cause);
}
