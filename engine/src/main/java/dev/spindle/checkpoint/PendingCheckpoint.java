package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A triggered checkpoint or savepoint waiting for the acknowledgements of the job's subtasks. Kept
 * apart from the {@link CheckpointCoordinator} so that the coordinator reads as the life cycle of
 * checkpoints, while this class holds what one of them has collected so far.
 *
 * <p>Not thread-safe: the coordinator uses it under its lock.
 */
final class PendingCheckpoint {
    private final long id;
    private final long timestamp;
    private final CheckpointOptions options;
    /** For a savepoint: the request, whose result completes with its directory. */
    private final SavepointQueue.Request savepoint;

    private final List<TaskKey> tasks;
    private final Map<TaskKey, TaskSnapshot> acks = new HashMap<>();
    private ScheduledFuture<?> timeout;
    /** Every task acknowledged and its metadata is being written: it completes whatever happens now. */
    private boolean storing;

    /**
     * @param savepoint the savepoint it takes, or null for a checkpoint
     * @param tasks every subtask of the job, in the order of the completed checkpoint
     * @param finishedTasks subtasks that have finished: part of it as they last acknowledged
     */
    PendingCheckpoint(
            long id,
            long timestamp,
            SavepointQueue.Request savepoint,
            List<TaskKey> tasks,
            Map<TaskKey, TaskSnapshot> finishedTasks) {
        this.id = id;
        this.timestamp = timestamp;
        this.options = savepoint == null
                ? CheckpointOptions.CHECKPOINT
                : new CheckpointOptions(savepoint.type(), savepoint.location());
        this.savepoint = savepoint;
        this.tasks = tasks;
        acks.putAll(finishedTasks);
    }

    long id() {
        return id;
    }

    long timestamp() {
        return timestamp;
    }

    CheckpointOptions options() {
        return options;
    }

    boolean isSavepoint() {
        return options.isSavepoint();
    }

    void acknowledge(TaskKey task, TaskSnapshot snapshot) {
        acks.put(task, snapshot);
    }

    boolean isComplete() {
        return acks.size() == tasks.size();
    }

    void setTimeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** Every subtask acknowledged: its metadata is being stored now. */
    void markStoring() {
        storing = true;
    }

    boolean isStoring() {
        return storing;
    }

    /** The completed checkpoint made of every subtask's acknowledgement; once {@link #isComplete}. */
    CompletedCheckpoint toCompleted(JobId jobId, int maxParallelism, long completionTimestamp) {
        List<TaskSnapshot> snapshots = new ArrayList<>();
        for (TaskKey t : tasks) {
            snapshots.add(acks.get(t));
        }
        return new CompletedCheckpoint(
                jobId, id, timestamp, completionTimestamp, isSavepoint(), maxParallelism, snapshots, null);
    }

    /** A savepoint was stored at {@code pointer}: its requester learns where. */
    void savepointStored(String pointer) {
        savepoint.result().complete(pointer);
    }

    /** A savepoint failed: its requester learns {@code why}. */
    void savepointFailed(String why) {
        savepoint.result().completeExceptionally(new SavepointException("the savepoint failed: " + why));
    }

    /** This checkpoint as it is now, for statistics. */
    CheckpointStats.Entry inProgressEntry() {
        return new CheckpointStats.Entry(
                id, "IN_PROGRESS", timestamp, 0, 0, null, null, acks.size(), tasks.size(), isSavepoint());
    }

    /** This checkpoint given up at {@code endTimestamp} because of {@code why}, for statistics. */
    CheckpointStats.Entry failedEntry(long endTimestamp, String why) {
        return new CheckpointStats.Entry(
                id, "FAILED", timestamp, endTimestamp, 0, null, why, acks.size(), tasks.size(), isSavepoint());
    }

    /**
     * What a finished subtask contributes to later checkpoints: the operator state of its last
     * acknowledgement, without its state files (those belong to the checkpoint that acknowledged
     * them), marked finished.
     */
    static TaskSnapshot asFinished(TaskSnapshot s) {
        return new TaskSnapshot(
                s.vertexId(),
                s.subtaskIndex(),
                s.parallelism(),
                s.maxParallelism(),
                true,
                s.operators().stream()
                        .map(o -> new OperatorSnapshot(o.operatorId(), o.operatorState(), null))
                        .toList());
    }
}
