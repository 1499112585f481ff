package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.util.List;
import java.util.Objects;

/**
 * A job as clients see it.
 *
 * @param jobId the job
 * @param name its name
 * @param status its state
 * @param startTimeMillis epoch millis of submission
 * @param endTimeMillis epoch millis of its end, or -1 while it runs
 * @param allTasksRunningMillis epoch millis of the moment every task of the job had started running
 *     on a TaskManager (deployed and running, or already finished), or -1 until then; stays -1 for a
 *     job that ended before that
 * @param vertices its vertices and the states of their tasks
 * @param pendingResources what the job waits for before its tasks can start (slots, TaskManagers),
 *     in one line; null when it waits for nothing
 * @param restarts how many times the job has been restarted after failures
 */
public record JobDetails(
        JobId jobId,
        String name,
        JobStatus status,
        long startTimeMillis,
        long endTimeMillis,
        long allTasksRunningMillis,
        List<VertexDetails> vertices,
        String pendingResources,
        int restarts) {
    public JobDetails {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        vertices = List.copyOf(vertices);
    }

    /** A job that has not been restarted. */
    public JobDetails(
            JobId jobId,
            String name,
            JobStatus status,
            long startTimeMillis,
            long endTimeMillis,
            long allTasksRunningMillis,
            List<VertexDetails> vertices,
            String pendingResources) {
        this(jobId, name, status, startTimeMillis, endTimeMillis, allTasksRunningMillis, vertices, pendingResources, 0);
    }

    /** A job that waits for nothing and has not been restarted. */
    public JobDetails(
            JobId jobId,
            String name,
            JobStatus status,
            long startTimeMillis,
            long endTimeMillis,
            long allTasksRunningMillis,
            List<VertexDetails> vertices) {
        this(jobId, name, status, startTimeMillis, endTimeMillis, allTasksRunningMillis, vertices, null, 0);
    }

    /**
     * One vertex of a job.
     *
     * @param id vertex id
     * @param name vertex name
     * @param parallelism number of tasks
     * @param maxParallelism its max parallelism (the number of key groups of its keyed state)
     * @param tasksPerState how many tasks are in each execution state (state name → count)
     */
    public record VertexDetails(
            int id, String name, int parallelism, int maxParallelism, java.util.Map<String, Integer> tasksPerState) {
        public VertexDetails {
            tasksPerState = java.util.Map.copyOf(tasksPerState);
        }
    }
}
