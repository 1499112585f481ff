package dev.spindle.metrics.reporter.slf4j;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.HistogramStatistics;
import dev.spindle.metrics.Meter;
import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.reporter.MetricConfig;
import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.Scheduled;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every metric at each interval, at INFO on this class's logger (so that it can be routed to a
 * file of its own), in one message per report as Flink's Slf4jReporter does: counters, gauges,
 * meters and histograms, each line {@code <identifier>: <value>}.
 */
public final class Slf4jReporter implements MetricReporter, Scheduled {
    private static final Logger LOG = LoggerFactory.getLogger(Slf4jReporter.class);
    private static final String LINE = System.lineSeparator();

    /** By identifier, so that a report is sorted. */
    private final Map<String, Metric> metrics = new ConcurrentSkipListMap<>();

    private String delimiter = ".";

    @Override
    public void open(MetricConfig config) {
        delimiter = config.getString("scope.delimiter", ".");
    }

    @Override
    public void close() {
        metrics.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.put(group.getMetricIdentifier(metricName, delimiter), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(group.getMetricIdentifier(metricName, delimiter), metric);
    }

    @Override
    public void report() {
        if (LOG.isInfoEnabled()) {
            LOG.info("{}", render());
        }
    }

    /** One report's text. */
    String render() {
        StringBuilder counters = new StringBuilder();
        StringBuilder gauges = new StringBuilder();
        StringBuilder meters = new StringBuilder();
        StringBuilder histograms = new StringBuilder();
        metrics.forEach((id, metric) -> {
            if (metric instanceof Counter c) {
                counters.append(id).append(": ").append(c.getCount()).append(LINE);
            } else if (metric instanceof Gauge<?> g) {
                gauges.append(id).append(": ").append(valueOf(g)).append(LINE);
            } else if (metric instanceof Meter m) {
                meters.append(id).append(": ").append(m.getRate()).append(LINE);
            } else if (metric instanceof Histogram h) {
                HistogramStatistics s = h.getStatistics();
                histograms
                        .append(id)
                        .append(": count=")
                        .append(h.getCount())
                        .append(", min=")
                        .append(s.getMin())
                        .append(", max=")
                        .append(s.getMax())
                        .append(", mean=")
                        .append(s.getMean())
                        .append(", stddev=")
                        .append(s.getStdDev())
                        .append(", p50=")
                        .append(s.getQuantile(0.5))
                        .append(", p95=")
                        .append(s.getQuantile(0.95))
                        .append(", p99=")
                        .append(s.getQuantile(0.99))
                        .append(LINE);
            }
        });
        return LINE + "=========================== Starting metrics report ===========================" + LINE
                + section("Counters", counters) + section("Gauges", gauges) + section("Meters", meters)
                + section("Histograms", histograms)
                + "=========================== Finished metrics report ===========================" + LINE;
    }

    private static Object valueOf(Gauge<?> g) {
        try {
            return g.getValue();
        } catch (RuntimeException e) {
            return "(unavailable: " + e + ")";
        }
    }

    private static String section(String title, StringBuilder lines) {
        return LINE + "-- " + title + " " + "-".repeat(Math.max(3, 75 - title.length())) + LINE + LINE + lines;
    }
}
