package dev.spindle.cluster.resourcemanager;

import java.util.ArrayDeque;

/**
 * The TaskManager starts that failed within the last minute, against
 * {@code resourcemanager.start-worker.max-failure-rate}. Used on the resource manager's main thread
 * only.
 */
final class StartFailures {
    private static final long WINDOW_MILLIS = 60_000;

    private final int maxPerMinute;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    StartFailures(int maxPerMinute) {
        this.maxPerMinute = maxPerMinute;
    }

    /** Records a failed start at {@code now}; returns how many failed within the minute up to it. */
    int add(long now) {
        times.addLast(now);
        while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MILLIS) {
            times.removeFirst();
        }
        return times.size();
    }

    /** Whether {@code inLastMinute} failures are more than the rate allows. */
    boolean beyondRate(int inLastMinute) {
        return inLastMinute > maxPerMinute;
    }
}
