package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint every task acknowledged; its metadata file makes it durable and visible.
 *
 * @param jobId the job
 * @param checkpointId its id, increasing per job
 * @param triggerTimestamp when the coordinator triggered it (epoch millis)
 * @param completionTimestamp when the last acknowledgement arrived (epoch millis)
 * @param savepoint whether it is a savepoint (taken on request into a directory of its own, owned
 *     by the user) rather than a periodic checkpoint
 * @param maxParallelism the job's max parallelism ({@code pipeline.max-parallelism}); each task's
 *     own, which its keyed state follows, is in its {@link TaskSnapshot#maxParallelism}
 * @param tasks the state of every subtask of the job
 * @param externalPointer the checkpoint's directory ({@code .../chk-N}, or the savepoint's); null
 *     until it is stored
 */
public record CompletedCheckpoint(
        JobId jobId,
        long checkpointId,
        long triggerTimestamp,
        long completionTimestamp,
        boolean savepoint,
        int maxParallelism,
        List<TaskSnapshot> tasks,
        String externalPointer) {
    public CompletedCheckpoint {
        Objects.requireNonNull(jobId, "jobId");
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism must be positive, was " + maxParallelism);
        }
        tasks = List.copyOf(tasks);
    }

    /** The ids of the operators this checkpoint holds state of (any, even empty). */
    public java.util.Set<String> operatorIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (TaskSnapshot t : tasks) {
            for (OperatorSnapshot o : t.operators()) {
                ids.add(o.operatorId());
            }
        }
        return ids;
    }

    /** The snapshot of one subtask, or null when the checkpoint has none for it. */
    public TaskSnapshot task(int vertexId, int subtaskIndex) {
        for (TaskSnapshot t : tasks) {
            if (t.vertexId() == vertexId && t.subtaskIndex() == subtaskIndex) {
                return t;
            }
        }
        return null;
    }

    public CompletedCheckpoint withExternalPointer(String pointer) {
        return new CompletedCheckpoint(
                jobId, checkpointId, triggerTimestamp, completionTimestamp, savepoint, maxParallelism, tasks, pointer);
    }
}
