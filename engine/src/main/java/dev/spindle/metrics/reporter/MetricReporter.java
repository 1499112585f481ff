package dev.spindle.metrics.reporter;

import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;

/**
 * Hands a process's metrics to an outside system (JMX, a log, Prometheus). The registry tells it of
 * each metric added and removed, on the thread that adds or removes it, one call at a time.
 * A reporter that also implements {@link Scheduled} is called at its interval on the registry's
 * reporter thread.
 */
public interface MetricReporter {
    /**
     * Starts the reporter with its options ({@code metrics.reporter.<name>.*}).
     *
     * @throws dev.spindle.config.IllegalConfigurationException for an option it cannot use, naming it
     */
    void open(MetricConfig config);

    /** Stops the reporter and frees what it holds (ports, threads). */
    void close();

    void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group);

    void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group);
}
