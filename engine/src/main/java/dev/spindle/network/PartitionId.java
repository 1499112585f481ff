package dev.spindle.network;

import dev.spindle.core.JobId;
import java.util.Objects;

/**
 * Names the output of one producing subtask on one edge of a job.
 *
 * @param jobId the job
 * @param edgeId the job graph edge
 * @param producerSubtask the producing subtask's index
 * @param attempt the job attempt that produces it: a restarted job's tasks never read an earlier
 *     attempt's data
 */
public record PartitionId(JobId jobId, int edgeId, int producerSubtask, int attempt) {
    public PartitionId {
        Objects.requireNonNull(jobId, "jobId");
    }

    /** The partition of the job's first attempt. */
    public PartitionId(JobId jobId, int edgeId, int producerSubtask) {
        this(jobId, edgeId, producerSubtask, 0);
    }

    @Override
    public String toString() {
        return jobId + "/edge-" + edgeId + "/" + producerSubtask + (attempt == 0 ? "" : "/attempt-" + attempt);
    }
}
