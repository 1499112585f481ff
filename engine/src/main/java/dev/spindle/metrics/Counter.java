package dev.spindle.metrics;

/**
 * A count that goes up (and down). The task thread updates the engine's counters on the hot path,
 * so implementations for one writer ({@link SimpleCounter}) are plain fields: readers on other
 * threads may see a slightly old value, which a metric can afford.
 */
public interface Counter extends Metric {
    void inc();

    void inc(long n);

    void dec();

    void dec(long n);

    long getCount();
}
