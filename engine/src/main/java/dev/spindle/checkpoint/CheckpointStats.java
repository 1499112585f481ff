package dev.spindle.checkpoint;

import java.util.List;
import java.util.Set;

/**
 * What a job's checkpoint coordinator has done, for clients ({@code GET /jobs/{id}/checkpoints}).
 *
 * @param triggered checkpoints triggered so far
 * @param completed checkpoints completed
 * @param failed checkpoints declined, timed out or abandoned
 * @param inProgress 1 while a checkpoint is pending, else 0
 * @param restored the checkpoint the job last restarted from, or null
 * @param history the most recent checkpoints, newest first
 * @param latestCompleted the newest completed checkpoint, or null (also once it left the history)
 * @param latestFailed the newest failed checkpoint, or null
 * @param latestSavepoint the newest completed savepoint, or null
 * @param restoreCount how often the job restarted from a checkpoint
 * @param restoreTimestamp when it last did (epoch millis), or 0
 * @param summary state sizes and durations of the completed checkpoints
 * @param retained the ids of the completed checkpoints whose files are still kept; the others
 *     were subsumed by newer ones ({@code state.checkpoints.num-retained}) or deleted when the
 *     job ended
 */
public record CheckpointStats(
        long triggered,
        long completed,
        long failed,
        int inProgress,
        Entry restored,
        List<Entry> history,
        Entry latestCompleted,
        Entry latestFailed,
        Entry latestSavepoint,
        long restoreCount,
        long restoreTimestamp,
        Summary summary,
        Set<Long> retained) {
    public CheckpointStats {
        history = List.copyOf(history);
        retained = Set.copyOf(retained);
    }

    /** A job that will take checkpoints and has not triggered one yet (it waits for its start). */
    public static CheckpointStats none() {
        return new CheckpointStats(0, 0, 0, 0, null, List.of(), null, null, null, 0, 0, Summary.EMPTY, Set.of());
    }

    /** Whether the files of completed checkpoint {@code id} are still there. */
    public boolean isRetained(long id) {
        return retained.contains(id);
    }

    /**
     * One checkpoint.
     *
     * @param id its id
     * @param status IN_PROGRESS, COMPLETED or FAILED
     * @param triggerTimestamp when it was triggered (epoch millis)
     * @param endTimestamp when it completed or failed, or 0 while in progress
     * @param stateSize bytes of state files (keyed state; operator state travels inline)
     * @param externalPath its directory, once completed
     * @param failureMessage why it failed, or null
     * @param acknowledged subtasks that acknowledged it
     * @param total subtasks it needs
     * @param savepoint whether it is a savepoint
     */
    public record Entry(
            long id,
            String status,
            long triggerTimestamp,
            long endTimestamp,
            long stateSize,
            String externalPath,
            String failureMessage,
            int acknowledged,
            int total,
            boolean savepoint) {
        public long duration() {
            return endTimestamp == 0 ? 0 : endTimestamp - triggerTimestamp;
        }
    }

    /**
     * Statistics of the completed checkpoints.
     *
     * @param stateSize bytes of state files per checkpoint
     * @param duration milliseconds from trigger to completion per checkpoint
     */
    public record Summary(Statistic stateSize, Statistic duration) {
        public static final Summary EMPTY = new Summary(Statistic.EMPTY, Statistic.EMPTY);
    }

    /**
     * Minimum, maximum and average over every value so far; the percentiles over the latest
     * 1,000 values (all zero without values).
     */
    public record Statistic(
            long count, long min, long max, long average, double p50, double p90, double p95, double p99, double p999) {
        public static final Statistic EMPTY = new Statistic(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
