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
 * @param tasks the state of every subtask of the job
 * @param externalPointer the checkpoint's directory ({@code .../chk-N}); null until it is stored
 */
public record CompletedCheckpoint(
        JobId jobId,
        long checkpointId,
        long triggerTimestamp,
        long completionTimestamp,
        List<TaskSnapshot> tasks,
        String externalPointer) {
    public CompletedCheckpoint {
        Objects.requireNonNull(jobId, "jobId");
        tasks = List.copyOf(tasks);
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
        return new CompletedCheckpoint(jobId, checkpointId, triggerTimestamp, completionTimestamp, tasks, pointer);
    }
}
