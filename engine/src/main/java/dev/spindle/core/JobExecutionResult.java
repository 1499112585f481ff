package dev.spindle.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a finished job reports: how long it ran and its counters (records in and out per vertex
 * as {@code <vertex>.numRecordsIn}, and the functions' own counters), summed over subtasks.
 *
 * @param jobId the job
 * @param jobName the job's name
 * @param netRuntime from the job's start to its end
 * @param counters counter name to total
 */
public record JobExecutionResult(JobId jobId, String jobName, Duration netRuntime, Map<String, Long> counters) {
    public JobExecutionResult {
        Objects.requireNonNull(jobId, "jobId");
        counters = Map.copyOf(counters);
    }

    /** A counter's total, or 0 when no function used it. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
