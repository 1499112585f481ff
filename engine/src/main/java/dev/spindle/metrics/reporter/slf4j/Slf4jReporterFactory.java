package dev.spindle.metrics.reporter.slf4j;

import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.MetricReporterFactory;

/** {@code metrics.reporter.<name>.type: slf4j}. */
public final class Slf4jReporterFactory implements MetricReporterFactory {
    @Override
    public String type() {
        return "slf4j";
    }

    @Override
    public MetricReporter createMetricReporter() {
        return new Slf4jReporter();
    }
}
