package dev.spindle.metrics;

import dev.spindle.metrics.reporter.MetricConfig;
import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.MetricReporterFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A reporter that records what it is told, for tests; made by {@link Factory}. */
public final class TestingReporter implements MetricReporter {
    /** The reporters made so far, newest last. */
    public static final List<TestingReporter> MADE = new java.util.concurrent.CopyOnWriteArrayList<>();

    public final List<String> events = new ArrayList<>();
    public Map<String, String> options;
    public boolean closed;

    @Override
    public void open(MetricConfig config) {
        options = config.toMap();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public synchronized void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        events.add("+" + group.getMetricIdentifier(metricName));
    }

    @Override
    public synchronized void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        events.add("-" + group.getMetricIdentifier(metricName));
    }

    /** {@code metrics.reporter.<name>.factory.class: dev.spindle.metrics.TestingReporter$Factory}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public String type() {
            return "testing";
        }

        @Override
        public MetricReporter createMetricReporter() {
            TestingReporter r = new TestingReporter();
            MADE.add(r);
            return r;
        }
    }
}
