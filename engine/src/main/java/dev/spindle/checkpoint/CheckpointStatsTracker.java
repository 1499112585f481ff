package dev.spindle.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bookkeeping behind {@link CheckpointStats}: counts, the recent history, the latest completed
 * and failed checkpoints, the restores and the summary of completed ones. The coordinator tells
 * it what happened; it never affects what the coordinator does.
 *
 * <p>Not thread-safe: the {@link CheckpointCoordinator} calls it under its lock.
 */
final class CheckpointStatsTracker {
    private static final int HISTORY_SIZE = 10;

    private final Deque<CheckpointStats.Entry> history = new ArrayDeque<>();
    private final SummaryStatistics stateSizes = new SummaryStatistics();
    private final SummaryStatistics durations = new SummaryStatistics();
    private long triggered;
    private long completed;
    private long failed;
    private CheckpointStats.Entry restored;
    private long restoreCount;
    private long restoreTimestamp;
    private CheckpointStats.Entry latestCompleted;
    private CheckpointStats.Entry latestFailed;
    private CheckpointStats.Entry latestSavepoint;
    /** Whether the job ended and its checkpoints were deleted. */
    private boolean allDiscarded;

    void triggered() {
        triggered++;
    }

    void completed(CheckpointStats.Entry e) {
        completed++;
        if (e.savepoint()) {
            latestSavepoint = e;
        } else {
            latestCompleted = e;
        }
        stateSizes.add(e.stateSize());
        durations.add(e.duration());
        record(e);
    }

    void failed(CheckpointStats.Entry e) {
        failed++;
        latestFailed = e;
        record(e);
    }

    /** The job restarts from {@code e} now. */
    void restored(CheckpointStats.Entry e) {
        restoreCount++;
        restoreTimestamp = System.currentTimeMillis();
        restored = e;
    }

    /** The job ended and every one of its checkpoints is being deleted. */
    void discardedAll() {
        allDiscarded = true;
    }

    /**
     * @param pending the checkpoint in progress, or null
     * @param retained the completed checkpoints the coordinator keeps
     */
    CheckpointStats snapshot(CheckpointStats.Entry pending, Collection<CompletedCheckpoint> retained) {
        List<CheckpointStats.Entry> list = new ArrayList<>();
        if (pending != null) {
            list.add(pending);
        }
        list.addAll(history);
        Set<Long> retainedIds = allDiscarded
                ? Set.of()
                : retained.stream().map(CompletedCheckpoint::checkpointId).collect(Collectors.toSet());
        return new CheckpointStats(
                triggered,
                completed,
                failed,
                pending == null ? 0 : 1,
                restored,
                list,
                latestCompleted,
                latestFailed,
                latestSavepoint,
                restoreCount,
                restoreTimestamp,
                new CheckpointStats.Summary(stateSizes.snapshot(), durations.snapshot()),
                retainedIds);
    }

    /** The entry of completed checkpoint {@code c}, which all {@code total} subtasks acknowledged. */
    static CheckpointStats.Entry completedEntry(CompletedCheckpoint c, int total) {
        long size = c.tasks().stream()
                .flatMap(t -> t.stateFiles().stream())
                .mapToLong(StateHandle::size)
                .sum();
        return new CheckpointStats.Entry(
                c.checkpointId(),
                "COMPLETED",
                c.triggerTimestamp(),
                c.completionTimestamp(),
                size,
                c.externalPointer(),
                null,
                total,
                total,
                c.savepoint());
    }

    private void record(CheckpointStats.Entry e) {
        history.addFirst(e);
        while (history.size() > HISTORY_SIZE) {
            history.removeLast();
        }
    }
}
