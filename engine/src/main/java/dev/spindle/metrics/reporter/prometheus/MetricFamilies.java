package dev.spindle.metrics.reporter.prometheus;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.HistogramStatistics;
import dev.spindle.metrics.Meter;
import dev.spindle.metrics.Metric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spindle's metrics grouped into Prometheus metric families by name, turned into the client's
 * snapshots at each scrape (on the HTTP server's thread, while the registry adds and removes
 * metrics on others: the maps are concurrent, and a metric is read, never locked).
 *
 * <p>A family holds one kind: the first metric added under a name decides whether it is a summary
 * (histograms) or a gauge (everything else); a metric of the other kind, or one whose labels repeat
 * another's of its family (two operators of one name in a task), is left out of the scrape.
 */
final class MetricFamilies implements MultiCollector {
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private final Map<String, Map<Metric, Labels>> families = new ConcurrentHashMap<>();
    private volatile boolean filterLabelValues = true;

    /** Whether label values keep only {@code [a-zA-Z0-9_:]} (others become {@code _}), as Flink's default. */
    void filterLabelValues(boolean filter) {
        this.filterLabelValues = filter;
    }

    void add(Metric metric, String family, Map<String, String> labels) {
        Labels.Builder b = Labels.builder();
        labels.forEach((k, v) -> b.label(k, filterLabelValues ? PrometheusReporter.sanitize(v) : v));
        families.computeIfAbsent(validName(family), f -> new ConcurrentHashMap<>())
                .put(metric, b.build());
    }

    void remove(Metric metric, String family) {
        families.computeIfPresent(validName(family), (f, members) -> {
            members.remove(metric);
            return members.isEmpty() ? null : members;
        });
    }

    void clear() {
        families.clear();
    }

    /** Names Prometheus reserves for a type's series ({@code _total}, {@code _info}, ...) get {@code _value}. */
    private static String validName(String family) {
        return PrometheusNaming.isValidMetricName(family) ? family : family + "_value";
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        families.forEach((name, members) -> {
            if (members.isEmpty()) {
                return;
            }
            boolean summary = members.keySet().iterator().next() instanceof Histogram;
            if (summary) {
                SummarySnapshot s = summary(name, members);
                if (!s.getDataPoints().isEmpty()) {
                    snapshots.metricSnapshot(s);
                }
            } else {
                GaugeSnapshot g = gauge(name, members);
                if (!g.getDataPoints().isEmpty()) {
                    snapshots.metricSnapshot(g);
                }
            }
        });
        return snapshots.build();
    }

    private static GaugeSnapshot gauge(String name, Map<Metric, Labels> members) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(name);
        Set<Labels> seen = new HashSet<>();
        members.forEach((metric, labels) -> {
            Double value = valueOf(metric);
            if (value != null && seen.add(labels)) {
                g.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(labels)
                        .value(value)
                        .build());
            }
        });
        return g.build();
    }

    private static SummarySnapshot summary(String name, Map<Metric, Labels> members) {
        SummarySnapshot.Builder s = SummarySnapshot.builder().name(name).help(name);
        Set<Labels> seen = new HashSet<>();
        members.forEach((metric, labels) -> {
            if (metric instanceof Histogram h && seen.add(labels)) {
                HistogramStatistics stats = h.getStatistics();
                List<Quantile> quantiles = new ArrayList<>(QUANTILES.length);
                for (double q : QUANTILES) {
                    quantiles.add(new Quantile(q, stats.getQuantile(q)));
                }
                s.dataPoint(SummaryDataPointSnapshot.builder()
                        .labels(labels)
                        .count(h.getCount())
                        .sum(stats.getMean() * stats.size())
                        .quantiles(Quantiles.of(quantiles))
                        .build());
            }
        });
        return s.build();
    }

    /** The sample of a non-histogram metric, or null for a gauge whose value is not a number. */
    static Double valueOf(Metric metric) {
        if (metric instanceof Counter c) {
            return (double) c.getCount();
        }
        if (metric instanceof Meter m) {
            return m.getRate();
        }
        if (metric instanceof Gauge<?> g) {
            Object v;
            try {
                v = g.getValue();
            } catch (RuntimeException e) {
                return null; // a gauge that fails is left out of this scrape
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1.0 : 0.0;
            }
        }
        return null;
    }
}
