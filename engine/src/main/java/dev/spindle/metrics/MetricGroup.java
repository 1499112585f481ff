package dev.spindle.metrics;

import java.util.Map;

/**
 * A named set of metrics and subgroups, at a scope such as a TaskManager, a task or an operator
 * (Flink's MetricGroup). A function gets its operator's group from
 * {@code getRuntimeContext().getMetricGroup()}; what it registers there is reported with the
 * operator's scope and removed when the task ends.
 *
 * <p>Registering a name twice in one group keeps the first metric (and logs a warning); the
 * returned object is the one passed in either way, so that the caller can go on updating it.
 */
public interface MetricGroup {
    /** Registers and returns a new {@link SimpleCounter} (for one updating thread). */
    Counter counter(String name);

    <C extends Counter> C counter(String name, C counter);

    <T, G extends Gauge<T>> G gauge(String name, G gauge);

    <M extends Meter> M meter(String name, M meter);

    <H extends Histogram> H histogram(String name, H histogram);

    /** A subgroup; its metrics' names in dumps are prefixed with {@code name.}. */
    MetricGroup addGroup(String name);

    /**
     * A subgroup for a key and a value: the key becomes a variable ({@code <key>}) of the metrics
     * below it, and both key and value scope components.
     */
    MetricGroup addGroup(String key, String value);

    /** The components of this group's scope, from its scope format, e.g. {@code [host, taskmanager, tm-1]}. */
    String[] getScopeComponents();

    /** The variables of this group and its parents, e.g. {@code <host> -> localhost}. */
    Map<String, String> getAllVariables();

    /** The scope components and {@code metricName}, joined with dots. */
    String getMetricIdentifier(String metricName);

    /** The scope components and {@code metricName}, joined with {@code delimiter} (a reporter's). */
    String getMetricIdentifier(String metricName, String delimiter);

    /**
     * The scope independent of the formats and values, e.g. {@code taskmanager.job.task.operator}
     * (user groups add their names), joined with {@code delimiter}: what JMX domains and
     * reporter filters use.
     */
    String getLogicalScope(String delimiter);
}
