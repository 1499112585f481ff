package dev.spindle.metrics.reporter.jmx;

import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.MetricReporterFactory;

/** {@code metrics.reporter.<name>.type: jmx}. */
public final class JmxReporterFactory implements MetricReporterFactory {
    @Override
    public String type() {
        return "jmx";
    }

    @Override
    public MetricReporter createMetricReporter() {
        return new JmxReporter();
    }
}
