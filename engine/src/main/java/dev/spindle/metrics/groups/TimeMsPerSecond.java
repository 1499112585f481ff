package dev.spindle.metrics.groups;

import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.View;
import java.util.function.LongUnaryOperator;

/**
 * Milliseconds per second spent in a state over the last update interval (Flink's
 * {@code idleTimeMsPerSecond} and the like), recomputed by the registry's timer thread from a
 * cumulative nanosecond count.
 */
final class TimeMsPerSecond implements Gauge<Long>, View {
    /** The cumulative nanoseconds in the state up to a given {@link System#nanoTime}. */
    private final LongUnaryOperator nanosUntil;

    private long lastNanos;
    private long lastTime = System.nanoTime();
    private volatile long value;

    TimeMsPerSecond(LongUnaryOperator nanosUntil) {
        this.nanosUntil = nanosUntil;
        this.lastNanos = nanosUntil.applyAsLong(lastTime);
    }

    @Override
    public void update() {
        long now = System.nanoTime();
        long nanos = nanosUntil.applyAsLong(now);
        long elapsed = now - lastTime;
        if (elapsed > 0) {
            value = Math.max(0, Math.min(1000, Math.round((nanos - lastNanos) * 1000.0 / elapsed)));
        }
        lastNanos = nanos;
        lastTime = now;
    }

    @Override
    public Long getValue() {
        return value;
    }
}
