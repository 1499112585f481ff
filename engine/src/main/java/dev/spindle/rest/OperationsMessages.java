package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.ThreadDumpEntry;
import java.util.List;

/** The JSON bodies of the metric, backpressure, log and thread-dump routes, in Flink's shapes. */
public final class OperationsMessages {
    private OperationsMessages() {}

    /**
     * One metric of a metric list: only its id when no {@code get} was asked, its id and value for
     * each metric {@code get} names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metric(
            @JsonProperty("id") String id,
            @JsonProperty("value") String value) {}

    /**
     * One metric aggregated over TaskManagers or subtasks; only the aggregations {@code agg} asked
     * for (all four by default) are present.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AggregatedMetric(
            @JsonProperty("id") String id,
            @JsonProperty("min") Double min,
            @JsonProperty("max") Double max,
            @JsonProperty("avg") Double avg,
            @JsonProperty("sum") Double sum) {}

    /** {@code GET /jobs/{jobid}/vertices/{vertexid}/backpressure}. */
    public record Backpressure(
            @JsonProperty("status") String status,
            @JsonProperty("backpressure-level") String level,
            @JsonProperty("end-timestamp") long endTimestamp,
            @JsonProperty("subtasks") List<SubtaskBackpressure> subtasks) {}

    public record SubtaskBackpressure(
            @JsonProperty("subtask") int subtask,
            @JsonProperty("backpressure-level") String level,
            @JsonProperty("ratio") double ratio,
            @JsonProperty("idleRatio") double idleRatio,
            @JsonProperty("busyRatio") double busyRatio) {}

    /** {@code GET /jobmanager/logs}, {@code GET /taskmanagers/{id}/logs}. */
    public record LogList(@JsonProperty("logs") List<LogFileInfo> logs) {}

    /** {@code GET /jobmanager/thread-dump}, {@code GET /taskmanagers/{id}/thread-dump}. */
    public record ThreadDump(@JsonProperty("threadInfos") List<ThreadDumpEntry> threadInfos) {}
}
