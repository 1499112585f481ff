package dev.spindle.metrics.dump;

import java.util.List;

/**
 * Something that can list the current values of its metrics: a process's metric registry. Called
 * from whatever thread serves the request; implementations must be safe for that and must not block
 * on the tasks' threads.
 */
@FunctionalInterface
public interface MetricDumpSource {
    /** A source with no metrics (metrics switched off, or a test). */
    MetricDumpSource EMPTY = List::of;

    /** The current value of every registered metric. */
    List<MetricDump> dumpMetrics();
}
