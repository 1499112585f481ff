package dev.spindle.ha;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.util.Objects;

/**
 * What the job result store keeps of a job that reached a globally terminal state: enough for a
 * JobManager that takes over to answer the job's result and to know the job must not run again.
 *
 * @param jobId the job
 * @param jobName its name, as submitted
 * @param status FINISHED, CANCELED or FAILED
 * @param startTime when the job was submitted (epoch millis)
 * @param endTime when it reached {@code status} (epoch millis)
 * @param failureMessage why it failed, one line; null unless {@code status} is FAILED
 */
public record JobResultEntry(
        JobId jobId, String jobName, JobStatus status, long startTime, long endTime, String failureMessage) {

    public JobResultEntry {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a job result needs a terminal status, not " + status);
        }
    }
}
