package dev.spindle.metrics.dump;

import java.util.Objects;

/**
 * Where a dumped metric lives, independent of the configured scope formats (which only shape the
 * names reporters see). Fields that a kind does not have are empty strings, or -1 for the subtask.
 *
 * @param kind the level of the metric group
 * @param taskManagerId the TaskManager's resource id, for {@code TASK_MANAGER}, {@code TASK} and
 *     {@code OPERATOR}; empty on the JobManager
 * @param jobId the job's id (hex), for {@code JOB}, {@code TASK} and {@code OPERATOR}
 * @param vertexId the job vertex's id, for {@code TASK} and {@code OPERATOR}
 * @param subtaskIndex the subtask's index, for {@code TASK} and {@code OPERATOR}; -1 otherwise
 * @param operatorName the operator's name, for {@code OPERATOR}
 */
public record QueryScope(
        Kind kind, String taskManagerId, String jobId, String vertexId, int subtaskIndex, String operatorName) {

    /** The level of a metric group, as Flink's query scopes. */
    public enum Kind {
        JOB_MANAGER,
        TASK_MANAGER,
        /** A job's metrics on the JobManager (checkpoints, restarts, uptime). */
        JOB,
        TASK,
        OPERATOR
    }

    public QueryScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(taskManagerId, "taskManagerId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(vertexId, "vertexId");
        Objects.requireNonNull(operatorName, "operatorName");
    }

    public static QueryScope jobManager() {
        return new QueryScope(Kind.JOB_MANAGER, "", "", "", -1, "");
    }

    public static QueryScope taskManager(String taskManagerId) {
        return new QueryScope(Kind.TASK_MANAGER, taskManagerId, "", "", -1, "");
    }

    public static QueryScope job(String jobId) {
        return new QueryScope(Kind.JOB, "", jobId, "", -1, "");
    }

    public static QueryScope task(String taskManagerId, String jobId, String vertexId, int subtaskIndex) {
        return new QueryScope(Kind.TASK, taskManagerId, jobId, vertexId, subtaskIndex, "");
    }

    public static QueryScope operator(
            String taskManagerId, String jobId, String vertexId, int subtaskIndex, String operatorName) {
        return new QueryScope(Kind.OPERATOR, taskManagerId, jobId, vertexId, subtaskIndex, operatorName);
    }
}
