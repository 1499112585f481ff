package dev.spindle.rest;

import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.dump.QueryScope.Kind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of the JobManager and its TaskManagers as fetched at one moment ({@link MetricFetcher}),
 * looked up the way the metric routes name them. Immutable; safe to share between threads.
 *
 * @param dumps every fetched metric
 * @param fetchedAt when they were fetched (epoch millis)
 */
record MetricStore(List<MetricDump> dumps, long fetchedAt) {
    MetricStore {
        dumps = List.copyOf(dumps);
    }

    /** The JobManager process's metrics by name. */
    Map<String, String> jobManager() {
        return select(s -> s.kind() == Kind.JOB_MANAGER);
    }

    /** One TaskManager process's metrics by name. */
    Map<String, String> taskManager(String taskManagerId) {
        return select(s -> s.kind() == Kind.TASK_MANAGER && s.taskManagerId().equals(taskManagerId));
    }

    /** Every TaskManager's process metrics: TaskManager id → name → value. */
    Map<String, Map<String, String>> taskManagers() {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        for (MetricDump d : dumps) {
            if (d.scope().kind() == Kind.TASK_MANAGER) {
                byId.computeIfAbsent(d.scope().taskManagerId(), id -> new TreeMap<>())
                        .put(d.name(), d.value());
            }
        }
        return byId;
    }

    /** A job's metrics on the JobManager by name. */
    Map<String, String> job(String jobId) {
        return select(s -> s.kind() == Kind.JOB && s.jobId().equals(jobId));
    }

    /**
     * A vertex's task and operator metrics of all subtasks, as Flink names them: {@code
     * <subtask>.<name>} and {@code <subtask>.<operator>.<name>}.
     */
    Map<String, String> vertex(String jobId, String vertexId) {
        Map<String, String> metrics = new TreeMap<>();
        for (MetricDump d : dumps) {
            QueryScope s = d.scope();
            if (ofVertex(s, jobId, vertexId)) {
                metrics.put(s.subtaskIndex() + "." + operatorPrefix(s) + d.name(), d.value());
            }
        }
        return metrics;
    }

    /** One subtask's task metrics ({@code <name>}) and operator metrics ({@code <operator>.<name>}). */
    Map<String, String> subtask(String jobId, String vertexId, int subtask) {
        Map<String, String> metrics = new TreeMap<>();
        for (MetricDump d : dumps) {
            QueryScope s = d.scope();
            if (ofVertex(s, jobId, vertexId) && s.subtaskIndex() == subtask) {
                metrics.put(operatorPrefix(s) + d.name(), d.value());
            }
        }
        return metrics;
    }

    /** Each subtask's task metrics (not its operators'): subtask → name → value. */
    Map<Integer, Map<String, String>> subtasks(String jobId, String vertexId) {
        Map<Integer, Map<String, String>> bySubtask = new TreeMap<>();
        for (MetricDump d : dumps) {
            QueryScope s = d.scope();
            if (s.kind() == Kind.TASK && s.jobId().equals(jobId) && s.vertexId().equals(vertexId)) {
                bySubtask
                        .computeIfAbsent(s.subtaskIndex(), i -> new TreeMap<>())
                        .put(d.name(), d.value());
            }
        }
        return bySubtask;
    }

    private static boolean ofVertex(QueryScope s, String jobId, String vertexId) {
        return (s.kind() == Kind.TASK || s.kind() == Kind.OPERATOR)
                && s.jobId().equals(jobId)
                && s.vertexId().equals(vertexId);
    }

    private static String operatorPrefix(QueryScope s) {
        return s.kind() == Kind.OPERATOR ? s.operatorName() + "." : "";
    }

    private Map<String, String> select(java.util.function.Predicate<QueryScope> scope) {
        Map<String, String> metrics = new TreeMap<>();
        for (MetricDump d : dumps) {
            if (scope.test(d.scope())) {
                metrics.put(d.name(), d.value());
            }
        }
        return metrics;
    }
}
