package dev.spindle.metrics.reporter.prometheus;

import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.MetricReporterFactory;

/** {@code metrics.reporter.<name>.type: prometheus}. */
public final class PrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public MetricReporter createMetricReporter() {
        return new PrometheusReporter();
    }
}
