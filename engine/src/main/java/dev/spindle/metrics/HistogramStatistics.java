package dev.spindle.metrics;

/** Statistics of a {@link Histogram}'s sample at one moment. */
public abstract class HistogramStatistics {
    /** The value below which {@code quantile} (0..1) of the sample lies. */
    public abstract double getQuantile(double quantile);

    /** The sample's values, sorted. */
    public abstract long[] getValues();

    /** How many values the sample holds. */
    public abstract int size();

    public abstract double getMean();

    public abstract double getStdDev();

    public abstract long getMax();

    public abstract long getMin();
}
