package dev.spindle.metrics;

/** Events per second, over a recent time span. */
public interface Meter extends Metric {
    void markEvent();

    void markEvent(long n);

    /** Events per second over the meter's time span. */
    double getRate();

    /** Events since the meter was made. */
    long getCount();
}
