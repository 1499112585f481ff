package dev.spindle.cluster.gateway;

import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.core.JobId;
import java.util.Objects;

/**
 * A task's acknowledgement of a checkpoint, from its TaskManager to the JobManager.
 *
 * @param jobId the job
 * @param attempt the job attempt the task runs in
 * @param checkpointId the checkpoint
 * @param snapshot the task's state in it
 */
public record CheckpointAck(JobId jobId, int attempt, long checkpointId, TaskSnapshot snapshot) {
    public CheckpointAck {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
