package dev.spindle.cluster.gateway;

import dev.spindle.core.JobId;
import java.util.Objects;

/**
 * A task's checkpoint message other than an acknowledgement: it declined a checkpoint, or its
 * input ended and it waits for its final checkpoint.
 *
 * @param jobId the job
 * @param attempt the job attempt the task runs in
 * @param vertexId the task's vertex
 * @param subtaskIndex the task's subtask
 * @param checkpointId the declined checkpoint, or -1 for input ended
 * @param reason why it declined, or null
 */
public record TaskCheckpointEvent(
        JobId jobId, int attempt, int vertexId, int subtaskIndex, long checkpointId, String reason) {
    public TaskCheckpointEvent {
        Objects.requireNonNull(jobId, "jobId");
    }

    public boolean isDecline() {
        return checkpointId >= 0;
    }
}
