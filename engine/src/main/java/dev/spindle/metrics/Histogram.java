package dev.spindle.metrics;

/** The distribution of values, such as latencies, over a bounded sample of the recent ones. */
public interface Histogram extends Metric {
    void update(long value);

    /** Values seen since the histogram was made (not only those in the sample). */
    long getCount();

    /** The statistics of the current sample; a copy, safe to read on any thread. */
    HistogramStatistics getStatistics();
}
