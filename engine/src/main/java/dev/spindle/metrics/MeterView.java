package dev.spindle.metrics;

/**
 * A meter whose rate is the growth of a counter over the last {@code timeSpanSeconds}, computed
 * every {@link View#UPDATE_INTERVAL_SECONDS} by the registry's timer thread from snapshots of the
 * count: marking an event only increments the counter (a plain field for a {@link SimpleCounter}).
 *
 * <p>Threading: {@link #markEvent} on the counter's writer; {@link #update} on the timer thread;
 * {@link #getRate} anywhere (the rate is a volatile field).
 */
public final class MeterView implements Meter, View {
    private final Counter counter;
    private final int timeSpanSeconds;
    /** Counts at the last updates, a ring; one more than the span holds. */
    private final long[] values;

    private int time;
    private volatile double currentRate;

    /** A meter over a new counter, with a 60 s span. */
    public MeterView() {
        this(new SimpleCounter(), 60);
    }

    /** A meter over {@code counter}, with a 60 s span. */
    public MeterView(Counter counter) {
        this(counter, 60);
    }

    /**
     * @param timeSpanSeconds rounded to a multiple of the update interval (at least one interval)
     */
    public MeterView(Counter counter, int timeSpanSeconds) {
        this.counter = counter;
        int span = Math.max(timeSpanSeconds - (timeSpanSeconds % UPDATE_INTERVAL_SECONDS), UPDATE_INTERVAL_SECONDS);
        this.timeSpanSeconds = span;
        this.values = new long[span / UPDATE_INTERVAL_SECONDS + 1];
    }

    @Override
    public void markEvent() {
        counter.inc();
    }

    @Override
    public void markEvent(long n) {
        counter.inc(n);
    }

    @Override
    public long getCount() {
        return counter.getCount();
    }

    @Override
    public double getRate() {
        return currentRate;
    }

    @Override
    public void update() {
        time = (time + 1) % values.length;
        values[time] = counter.getCount();
        long oldest = values[(time + 1) % values.length];
        currentRate = ((double) (values[time] - oldest) / timeSpanSeconds);
    }
}
