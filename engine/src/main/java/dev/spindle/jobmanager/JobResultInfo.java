package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a job, or that it has none yet.
 *
 * @param jobId the job
 * @param status its state; not terminal means the result is not there yet
 * @param netRuntimeMillis its runtime, when ended
 * @param counters its counters, when FINISHED
 * @param failure the failure's description (class and message, and the causes), when FAILED; else null
 */
public record JobResultInfo(
        JobId jobId, JobStatus status, long netRuntimeMillis, Map<String, Long> counters, String failure) {
    public JobResultInfo {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        counters = Map.copyOf(counters);
    }
}
