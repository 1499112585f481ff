package dev.spindle.metrics.registry;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.HistogramStatistics;
import dev.spindle.metrics.Meter;
import dev.spindle.metrics.Metric;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import java.util.List;

/** Turns a metric into its dump entries, as {@link MetricDump} documents. */
final class MetricDumps {
    private MetricDumps() {}

    static void add(List<MetricDump> dumps, QueryScope scope, String dumpName, Metric metric) {
        if (metric instanceof Counter c) {
            dumps.add(new MetricDump(scope, dumpName, Long.toString(c.getCount())));
        } else if (metric instanceof Gauge<?> g) {
            Object value;
            try {
                value = g.getValue();
            } catch (RuntimeException e) {
                return; // a gauge that cannot answer now is left out rather than failing the dump
            }
            dumps.add(new MetricDump(scope, dumpName, String.valueOf(value)));
        } else if (metric instanceof Meter m) {
            dumps.add(new MetricDump(scope, dumpName, Double.toString(m.getRate())));
        } else if (metric instanceof Histogram h) {
            HistogramStatistics s = h.getStatistics();
            dumps.add(new MetricDump(scope, dumpName + "_min", Long.toString(s.getMin())));
            dumps.add(new MetricDump(scope, dumpName + "_max", Long.toString(s.getMax())));
            dumps.add(new MetricDump(scope, dumpName + "_mean", Double.toString(s.getMean())));
            dumps.add(new MetricDump(scope, dumpName + "_p50", Double.toString(s.getQuantile(0.5))));
            dumps.add(new MetricDump(scope, dumpName + "_p95", Double.toString(s.getQuantile(0.95))));
            dumps.add(new MetricDump(scope, dumpName + "_p99", Double.toString(s.getQuantile(0.99))));
            dumps.add(new MetricDump(scope, dumpName + "_count", Long.toString(h.getCount())));
        }
    }
}
