package dev.spindle.metrics.dump;

import java.util.Objects;

/**
 * One metric's value at the moment a process was asked for its metrics: what a TaskManager (or the
 * JobManager's own registry) hands to the JobManager's REST endpoint, which keeps the latest dumps
 * and answers the metric routes from them.
 *
 * <p>Counters dump their count, gauges {@code String.valueOf} of their value, meters their rate per
 * second; a histogram dumps one entry per statistic ({@code <name>_min}, {@code _max}, {@code _mean},
 * {@code _p50}, {@code _p95}, {@code _p99}, {@code _count}), as Flink does. Values travel as text
 * so that a gauge of any type can be shown.
 *
 * @param scope where the metric lives (process, job, task or operator)
 * @param name the metric's name within its scope, e.g. {@code numRecordsIn}; user metrics in
 *     nested groups join the group names with dots ({@code myGroup.myCounter})
 * @param value the value as text
 */
public record MetricDump(QueryScope scope, String name, String value) {
    public MetricDump {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
