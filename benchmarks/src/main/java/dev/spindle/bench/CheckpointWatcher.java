package dev.spindle.bench;

import dev.spindle.checkpoint.CheckpointStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Collects every checkpoint (and savepoint) a job completes, with its duration (trigger to
 * completion) and state size. A job's {@link CheckpointStats} keep only its most recent
 * checkpoints, so a daemon thread reads them every {@value #POLL_MILLIS} ms, far more often than
 * checkpoints can complete, and remembers each completed one by id; {@link #completedDurations}
 * and {@link #completedEntries} then check that none was missed.
 */
final class CheckpointWatcher {
    static final long POLL_MILLIS = 50;

    private final Supplier<CheckpointStats> stats;
    private final Map<Long, CheckpointStats.Entry> completed = new TreeMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    CheckpointWatcher(Supplier<CheckpointStats> stats) {
        this.stats = stats;
        this.thread = new Thread(this::watch, "checkpoint-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!stopped) {
            collect(stats.get());
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void collect(CheckpointStats s) {
        if (s == null) {
            return; // a job without checkpoints
        }
        for (CheckpointStats.Entry e : s.history()) {
            if ("COMPLETED".equals(e.status())) {
                completed.put(e.id(), e);
            }
        }
    }

    /**
     * The durations in ms of every completed checkpoint, by id, given the job's final statistics
     * (null for a job without checkpoints); fails when the polls missed one.
     */
    synchronized List<Long> completedDurations(CheckpointStats last) {
        List<Long> durations = new ArrayList<>();
        for (CheckpointStats.Entry e : completedEntries(last)) {
            durations.add(e.duration());
        }
        return durations;
    }

    /**
     * Every completed checkpoint and savepoint, by id, given the job's latest statistics; fails
     * when the polls missed one.
     */
    synchronized List<CheckpointStats.Entry> completedEntries(CheckpointStats last) {
        collect(last);
        long expected = last == null ? 0 : last.completed();
        if (completed.size() != expected) {
            throw new IllegalStateException("saw " + completed.size() + " completed checkpoints of " + expected
                    + ": the statistics were not read often enough");
        }
        return new ArrayList<>(completed.values());
    }

    /** Stops the polls and waits for the thread to end. */
    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join();
    }
}
