package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of {@code GET /jobs/{jobid}/checkpoints} and {@code GET
 * /jobs/{jobid}/checkpoints/config}, in Flink 1.20's shape where the concept is the same (see
 * docs/checkpoints.md, "Watching checkpoints", for what is left out). Shared by the server and
 * the client.
 */
public final class CheckpointMessages {
    /** The error of both routes for a job that takes no checkpoints (404, as Flink). */
    public static final String NOT_ENABLED = "Checkpointing has not been enabled.";

    /** The error of the config route for a job that takes no checkpoints (404, as Flink). */
    public static final String CONFIG_NOT_ENABLED = "Checkpointing is not enabled for this job.";

    private CheckpointMessages() {}

    /** {@code GET /jobs/{jobid}/checkpoints}. */
    public record CheckpointingStatistics(
            @JsonProperty("counts") Counts counts,
            @JsonProperty("summary") Summary summary,
            @JsonProperty("latest") Latest latest,
            @JsonProperty("history") List<CheckpointStatistics> history) {}

    /** {@code total}: triggered; {@code restored}: how often the job restarted from a checkpoint. */
    public record Counts(
            @JsonProperty("restored") long restored,
            @JsonProperty("total") long total,
            @JsonProperty("in_progress") int inProgress,
            @JsonProperty("completed") long completed,
            @JsonProperty("failed") long failed) {}

    /**
     * Over the completed checkpoints: {@code checkpointed_size} equals {@code state_size} (every
     * checkpoint is a full one), in bytes; {@code end_to_end_duration} in milliseconds.
     */
    public record Summary(
            @JsonProperty("checkpointed_size") StatsSummary checkpointedSize,
            @JsonProperty("state_size") StatsSummary stateSize,
            @JsonProperty("end_to_end_duration") StatsSummary endToEndDuration) {}

    /**
     * Minimum, maximum and average over every completed checkpoint; the percentiles over the
     * latest 1,000 (nearest rank). All 0 before the first completed checkpoint.
     */
    public record StatsSummary(
            @JsonProperty("min") long min,
            @JsonProperty("max") long max,
            @JsonProperty("avg") long avg,
            @JsonProperty("p50") double p50,
            @JsonProperty("p90") double p90,
            @JsonProperty("p95") double p95,
            @JsonProperty("p99") double p99,
            @JsonProperty("p999") double p999) {}

    /** The newest completed checkpoint, savepoint and failed checkpoint, and the restore; null when there is none. */
    public record Latest(
            @JsonProperty("completed") CheckpointStatistics completed,
            @JsonProperty("savepoint") CheckpointStatistics savepoint,
            @JsonProperty("failed") CheckpointStatistics failed,
            @JsonProperty("restored") RestoredCheckpoint restored) {}

    /** The checkpoint the job last restarted from, and when it restarted. */
    public record RestoredCheckpoint(
            @JsonProperty("id") long id,
            @JsonProperty("restore_timestamp") long restoreTimestamp,
            @JsonProperty("is_savepoint") boolean savepoint,
            @JsonProperty("external_path") String externalPath) {}

    /**
     * One checkpoint. {@code className} is {@code completed}, {@code failed} or {@code
     * in_progress}; a completed one has {@code external_path} (its directory) and {@code
     * discarded} (its files are gone: subsumed by newer ones or deleted when the job ended), a
     * failed one {@code failure_timestamp} and {@code failure_message}. Acknowledgement times are
     * not kept: {@code latest_ack_timestamp} is the completion time of a completed checkpoint and
     * the trigger time of the others. {@code tasks} is always empty (no per-vertex statistics yet).
     */
    public record CheckpointStatistics(
            @JsonProperty("className") String className,
            @JsonProperty("id") long id,
            @JsonProperty("status") String status,
            @JsonProperty("is_savepoint") boolean savepoint,
            @JsonProperty("savepointFormat") String savepointFormat,
            @JsonProperty("trigger_timestamp") long triggerTimestamp,
            @JsonProperty("latest_ack_timestamp") long latestAckTimestamp,
            @JsonProperty("checkpointed_size") long checkpointedSize,
            @JsonProperty("state_size") long stateSize,
            @JsonProperty("end_to_end_duration") long endToEndDuration,
            @JsonProperty("num_subtasks") int numSubtasks,
            @JsonProperty("num_acknowledged_subtasks") int numAcknowledgedSubtasks,
            @JsonProperty("checkpoint_type") String checkpointType,
            @JsonProperty("tasks") Map<String, Object> tasks,

            @JsonProperty("external_path") @JsonInclude(JsonInclude.Include.NON_NULL)
            String externalPath,

            @JsonProperty("discarded") @JsonInclude(JsonInclude.Include.NON_NULL)
            Boolean discarded,

            @JsonProperty("failure_timestamp") @JsonInclude(JsonInclude.Include.NON_NULL)
            Long failureTimestamp,

            @JsonProperty("failure_message") @JsonInclude(JsonInclude.Include.NON_NULL)
            String failureMessage) {}

    /**
     * {@code GET /jobs/{jobid}/checkpoints/config}: durations in milliseconds, {@code mode}
     * {@code exactly_once} or {@code at_least_once}, {@code max_concurrent} always 1. Not in
     * Flink: {@code checkpoint_directory} (the job's directory under {@code state.checkpoints.dir})
     * and {@code num_retained} ({@code state.checkpoints.num-retained}).
     */
    public record CheckpointConfigInfo(
            @JsonProperty("mode") String mode,
            @JsonProperty("interval") long interval,
            @JsonProperty("timeout") long timeout,
            @JsonProperty("min_pause") long minPause,
            @JsonProperty("max_concurrent") int maxConcurrent,
            @JsonProperty("externalization") Externalization externalization,
            @JsonProperty("state_backend") String stateBackend,
            @JsonProperty("checkpoint_storage") String checkpointStorage,
            @JsonProperty("unaligned_checkpoints") boolean unalignedCheckpoints,
            @JsonProperty("tolerable_failed_checkpoints") int tolerableFailedCheckpoints,
            @JsonProperty("checkpoints_after_tasks_finish") boolean checkpointsAfterTasksFinish,
            @JsonProperty("checkpoint_directory") String checkpointDirectory,
            @JsonProperty("num_retained") int numRetained) {}

    /**
     * What happens to completed checkpoints when the job ends ({@code
     * execution.checkpointing.externalized-checkpoint-retention}): {@code enabled} false for
     * NO_EXTERNALIZED_CHECKPOINTS, {@code delete_on_cancellation} true for DELETE_ON_CANCELLATION.
     */
    public record Externalization(
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("delete_on_cancellation") boolean deleteOnCancellation) {}
}
