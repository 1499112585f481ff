package dev.spindle.rest;

import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.ops.LogDirectory;
import dev.spindle.ops.TaskManagerOperations;
import java.util.Objects;

/**
 * Where the REST endpoint's operational routes (metrics, backpressure, logs, thread dumps) get
 * their answers: the registered TaskManagers, and the JobManager process's own metrics and log files.
 *
 * @param taskManagers the registered TaskManagers' metrics, threads and logs
 * @param jobManagerMetrics the JobManager process's metric registry
 * @param jobManagerLogs the JobManager process's log files
 */
public record OperationsSources(
        TaskManagerOperations taskManagers, MetricDumpSource jobManagerMetrics, LogDirectory jobManagerLogs) {
    /** No TaskManagers, no metrics, no log files (a JobManager without a cluster, tests). */
    public static final OperationsSources NONE =
            new OperationsSources(TaskManagerOperations.NONE, MetricDumpSource.EMPTY, LogDirectory.NONE);

    public OperationsSources {
        Objects.requireNonNull(taskManagers, "taskManagers");
        Objects.requireNonNull(jobManagerMetrics, "jobManagerMetrics");
        Objects.requireNonNull(jobManagerLogs, "jobManagerLogs");
    }
}
