package dev.spindle.metrics.reporter;

/**
 * Makes a reporter. Named by {@code metrics.reporter.<name>.factory.class}, or found by
 * {@code metrics.reporter.<name>.type} among the factories listed in
 * {@code META-INF/services/dev.spindle.metrics.reporter.MetricReporterFactory}: adding a kind of
 * reporter is one factory class and one line there. A factory needs a public no-argument
 * constructor.
 */
public interface MetricReporterFactory {
    /** The name {@code .type} selects this factory by, e.g. {@code jmx}. */
    String type();

    /** A new, not yet opened reporter. */
    MetricReporter createMetricReporter();
}
