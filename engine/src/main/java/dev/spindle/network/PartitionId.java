package dev.spindle.network;

import dev.spindle.core.JobId;
import java.util.Objects;

/**
 * Names the output of one producing subtask on one edge of a job.
 *
 * @param jobId the job
 * @param edgeId the job graph edge
 * @param producerSubtask the producing subtask's index
 */
public record PartitionId(JobId jobId, int edgeId, int producerSubtask) {
    public PartitionId {
        Objects.requireNonNull(jobId, "jobId");
    }

    @Override
    public String toString() {
        return jobId + "/edge-" + edgeId + "/" + producerSubtask;
    }
}
