package dev.spindle.checkpoint;

import java.util.Arrays;

/**
 * Running statistics of one measure of completed checkpoints (state size or duration), as
 * {@code GET /jobs/{id}/checkpoints} summarizes them: minimum, maximum and average over all
 * values, percentiles over a window of the latest values so that memory stays bounded for a job
 * that runs for months. Not thread-safe: the coordinator calls it under its lock.
 */
final class SummaryStatistics {
    /** How many of the latest values the percentiles are taken from. */
    static final int WINDOW = 1000;

    private final long[] window = new long[WINDOW];
    private int next;
    private int size;
    private long count;
    private long min;
    private long max;
    private long sum;

    void add(long value) {
        min = count == 0 ? value : Math.min(min, value);
        max = count == 0 ? value : Math.max(max, value);
        count++;
        sum += value;
        window[next] = value;
        next = (next + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
    }

    CheckpointStats.Statistic snapshot() {
        if (count == 0) {
            return CheckpointStats.Statistic.EMPTY;
        }
        long[] sorted = Arrays.copyOf(window, size);
        Arrays.sort(sorted);
        return new CheckpointStats.Statistic(
                count,
                min,
                max,
                sum / count,
                percentile(sorted, 0.5),
                percentile(sorted, 0.9),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                percentile(sorted, 0.999));
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
