package dev.spindle.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * WARN lines for events that a peer can cause at will (refused connections, timed-out requests):
 * the first {@code burst} of each interval are written, the rest only counted, and one line sums
 * them up when the interval ends ("4995 more refused connections in the last 10 s"). Without it,
 * anyone who can open a socket could fill the disk with log lines and drown the lines that matter.
 *
 * <p>Use one instance per server, not per class, so that one noisy port does not mute another and
 * two servers in one JVM (as in tests) do not share a budget. Thread-safe. The summary line is
 * written from a JDK timer thread ({@link CompletableFuture#delayedExecutor}), or by the next
 * {@link #warn} when that comes first.
 */
public final class RateLimitedLogger {
    private final Logger log;
    private final String what;
    private final int burst;
    private final long intervalNanos;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();
    private long intervalStart;
    private int writtenInInterval;
    private int suppressedInInterval;
    private boolean summaryScheduled;

    /**
     * @param what the events, plural, for the summary line ("refused connections")
     * @param burst how many lines each interval may write in full
     */
    public RateLimitedLogger(Logger log, String what, int burst, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.what = Objects.requireNonNull(what, "what");
        if (burst < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("burst must be positive and interval above zero");
        }
        this.burst = burst;
        this.intervalNanos = interval.toNanos();
        this.intervalStart = System.nanoTime() - intervalNanos;
    }

    /** Ten lines per 10 s: enough to see who and why, few enough to survive a flood. */
    public static RateLimitedLogger standard(Logger log, String what) {
        return new RateLimitedLogger(log, what, 10, Duration.ofSeconds(10));
    }

    /** Writes the line at WARN if this interval's budget allows it, or counts it for the summary. */
    public void warn(String format, Object... arguments) {
        String summary;
        boolean write;
        synchronized (this) {
            long now = System.nanoTime();
            boolean newInterval = now - intervalStart >= intervalNanos;
            summary = newInterval ? takeSummary() : null;
            if (newInterval) {
                intervalStart = now;
                writtenInInterval = 0;
            }
            write = writtenInInterval < burst;
            if (write) {
                writtenInInterval++;
            } else {
                suppressedInInterval++;
                scheduleSummary(now);
            }
        }
        // outside the lock: a slow appender must not hold up the other event loops
        if (summary != null) {
            log.warn(summary);
        }
        if (write) {
            written.incrementAndGet();
            log.warn(format, arguments);
        } else {
            suppressedTotal.incrementAndGet();
        }
    }

    private void scheduleSummary(long now) {
        if (summaryScheduled) {
            return;
        }
        summaryScheduled = true;
        long delay = Math.max(0, intervalStart + intervalNanos - now);
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(this::writeSummary);
    }

    private void writeSummary() {
        String summary;
        synchronized (this) {
            summaryScheduled = false;
            summary = takeSummary();
        }
        if (summary != null) {
            log.warn(summary);
        }
    }

    private String takeSummary() {
        if (suppressedInInterval == 0) {
            return null;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(intervalNanos);
        String line = suppressedInInterval + " more " + what + " in the last "
                + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
        suppressedInInterval = 0;
        return line;
    }

    /** Lines written in full so far (summaries not counted). */
    public long written() {
        return written.get();
    }

    /** Lines counted instead of written so far. */
    public long suppressed() {
        return suppressedTotal.get();
    }
}
