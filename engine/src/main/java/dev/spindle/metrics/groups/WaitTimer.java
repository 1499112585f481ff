package dev.spindle.metrics.groups;

/**
 * The time a task thread spends in one kind of blocking wait (for input, for an output buffer).
 * The task thread brackets each wait with {@link #start} and {@link #stop}; waits are rare next to
 * records (at most one per buffer), so the volatile writes cost nothing on the hot path. Another
 * thread reads the total so far, including a wait still going on.
 */
public final class WaitTimer {
    private static final long NOT_WAITING = Long.MIN_VALUE;

    private volatile long total;
    private volatile long startedAt = NOT_WAITING;

    /** The task thread begins to wait. */
    public void start() {
        startedAt = System.nanoTime();
    }

    /** The task thread's wait has ended. */
    public void stop() {
        long s = startedAt;
        if (s != NOT_WAITING) {
            total = total + (System.nanoTime() - s); // only the task thread writes
            startedAt = NOT_WAITING;
        }
    }

    /** Nanoseconds waited up to {@code now} ({@link System#nanoTime}), the current wait included. */
    public long nanosUntil(long now) {
        long s = startedAt;
        long t = total;
        return s == NOT_WAITING ? t : t + Math.max(0, now - s);
    }
}
