package dev.spindle.metrics.reporter;

/** A reporter that reports at the interval of {@code metrics.reporter.<name>.interval}. */
public interface Scheduled {
    /** Called on the registry's reporter thread only. */
    void report();
}
