package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the REST endpoint, shared by {@link RestServer} and the client. Names follow
 * Flink's REST API where the concept is the same, so that Flink users and tools are at home.
 */
public final class RestMessages {
    private RestMessages() {}

    /** Every error response: {@code {"errors": ["..."]}}. */
    public record ErrorResponse(@JsonProperty("errors") List<String> errors) {}

    /**
     * {@code GET /overview}; {@code cluster-mode} (not in Flink) is {@code cluster.mode}: {@code
     * session}, {@code per-job}, {@code application} or {@code standalone}, absent from older clusters.
     */
    public record ClusterOverviewResponse(
            @JsonProperty("taskmanagers") int taskManagers,
            @JsonProperty("slots-total") int slotsTotal,
            @JsonProperty("slots-available") int slotsAvailable,
            @JsonProperty("jobs-running") int jobsRunning,
            @JsonProperty("jobs-finished") int jobsFinished,
            @JsonProperty("jobs-cancelled") int jobsCancelled,
            @JsonProperty("jobs-failed") int jobsFailed,
            @JsonProperty("spindle-version") String version,

            @JsonProperty("cluster-mode") @JsonInclude(JsonInclude.Include.NON_NULL)
            String clusterMode) {}

    /** {@code GET /jobs}. */
    public record JobIdsWithStatusResponse(
            @JsonProperty("jobs") List<JobIdWithStatus> jobs) {}

    public record JobIdWithStatus(
            @JsonProperty("id") String id,
            @JsonProperty("status") String status) {}

    /** {@code GET /jobs/overview}. */
    public record JobsOverviewResponse(@JsonProperty("jobs") List<JobOverview> jobs) {}

    /**
     * One job in {@code /jobs/overview}; {@code tasks} counts the job's tasks per state (lower
     * case, as Flink) and holds their {@code total}; {@code restarts} (not in Flink) counts the
     * job's restarts after failures.
     */
    public record JobOverview(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("tasks") Map<String, Integer> tasks,
            @JsonProperty("restarts") int restarts) {

        /** A job that has not been restarted (also how an older cluster's answer reads). */
        public JobOverview(
                String jid,
                String name,
                String state,
                long startTime,
                long endTime,
                long duration,
                Map<String, Integer> tasks) {
            this(jid, name, state, startTime, endTime, duration, tasks, 0);
        }
    }

    /**
     * {@code GET /jobs/{jobid}}; {@code pending-resources}, only while the job waits for slots, says
     * in one line what it waits for (slots wanted and free, TaskManagers pending and starting);
     * {@code restarts} (not in Flink) counts the job's restarts after failures.
     */
    public record JobDetailsResponse(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("all-tasks-running-time") long allTasksRunningTime,
            @JsonProperty("vertices") List<VertexInfo> vertices,
            @JsonProperty("restarts") int restarts,

            @JsonProperty("pending-resources") @JsonInclude(JsonInclude.Include.NON_NULL)
            String pendingResources) {}

    /**
     * A vertex of {@code /jobs/{jobid}}; {@code tasks} maps execution state → count; {@code
     * maxParallelism} as Flink names it.
     */
    public record VertexInfo(
            @JsonProperty("id") int id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("maxParallelism") int maxParallelism,
            @JsonProperty("tasks") Map<String, Integer> tasks) {}

    /** {@code GET /jobs/{jobid}/execution-result}; {@code job-execution-result} only when COMPLETED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobExecutionResultResponse(
            @JsonProperty("status") QueueStatus status,
            @JsonProperty("job-execution-result") JobExecutionResultInfo result) {

        public boolean completed() {
            return "COMPLETED".equals(status.id());
        }
    }

    /** {@code IN_PROGRESS} or {@code COMPLETED}. */
    public record QueueStatus(@JsonProperty("id") String id) {}

    /** {@code application-status} is SUCCEEDED, FAILED or CANCELED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobExecutionResultInfo(
            @JsonProperty("id") String id,
            @JsonProperty("application-status") String applicationStatus,
            @JsonProperty("net-runtime") long netRuntime,
            @JsonProperty("accumulator-results") Map<String, Long> accumulatorResults,
            @JsonProperty("failure-cause") FailureCause failureCause) {}

    /** {@code stack-trace} is the whole failure description; {@code class} its outermost exception class. */
    public record FailureCause(
            @JsonProperty("class") String exceptionClass,
            @JsonProperty("stack-trace") String stackTrace) {}

    /**
     * {@code GET /jobs/{jobid}/exceptions}, Flink 1.20's shape: {@code exceptionHistory} holds the
     * job's failures, newest first; {@code root-exception} (the newest failure's stack trace),
     * {@code timestamp} and {@code all-exceptions} are the older fields Flink still fills, the first
     * two absent while the job has not failed.
     */
    public record JobExceptionsResponse(
            @JsonProperty("root-exception") @JsonInclude(JsonInclude.Include.NON_NULL)
            String rootException,

            @JsonProperty("timestamp") @JsonInclude(JsonInclude.Include.NON_NULL)
            Long timestamp,

            @JsonProperty("all-exceptions") List<ExecutionExceptionInfo> allExceptions,
            @JsonProperty("truncated") boolean truncated,
            @JsonProperty("exceptionHistory") JobExceptionHistory exceptionHistory) {}

    /** A failed task in {@code all-exceptions}: its stack trace, name, where it ran and when it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutionExceptionInfo(
            @JsonProperty("exception") String exception,
            @JsonProperty("task") String task,
            @JsonProperty("location") String location,
            @JsonProperty("timestamp") long timestamp,
            @JsonProperty("taskManagerId") String taskManagerId) {}

    /** {@code truncated}: older failures were dropped ({@code web.exception-history-size}, {@code maxExceptions}). */
    public record JobExceptionHistory(
            @JsonProperty("entries") List<RootExceptionInfo> entries,
            @JsonProperty("truncated") boolean truncated) {}

    /**
     * One failure of the history. {@code taskName}, {@code location} (as {@code endpoint},
     * Flink's older name), {@code endpoint} and {@code taskManagerId} are absent for a failure of
     * the job as a whole; {@code location} and {@code endpoint} are {@code host:port} of the
     * TaskManager's data endpoint, or {@code local}. No failure labels or concurrent exceptions yet:
     * always empty.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootExceptionInfo(
            @JsonProperty("exceptionName") String exceptionName,
            @JsonProperty("stacktrace") String stacktrace,
            @JsonProperty("timestamp") long timestamp,
            @JsonProperty("taskName") String taskName,
            @JsonProperty("location") String location,
            @JsonProperty("endpoint") String endpoint,
            @JsonProperty("taskManagerId") String taskManagerId,
            @JsonProperty("failureLabels") Map<String, String> failureLabels,
            @JsonProperty("concurrentExceptions") List<Map<String, Object>> concurrentExceptions) {}

    /** {@code GET /taskmanagers}. */
    public record TaskManagersResponse(
            @JsonProperty("taskmanagers") List<TaskManagerInfo> taskManagers) {}

    /**
     * One TaskManager. As in Flink, {@code timeSinceLastHeartbeat} is, despite its name, the epoch
     * millis of the last heartbeat.
     */
    public record TaskManagerInfo(
            @JsonProperty("id") String id,
            @JsonProperty("path") String path,
            @JsonProperty("dataPort") int dataPort,
            @JsonProperty("slotsNumber") int slotsNumber,
            @JsonProperty("freeSlots") int freeSlots,
            @JsonProperty("timeSinceLastHeartbeat") long timeSinceLastHeartbeat) {}

    /** {@code POST /jars/upload}; {@code filename} is the jar id for {@code /jars/{jarid}/run}. */
    public record JarUploadResponse(
            @JsonProperty("filename") String filename,
            @JsonProperty("status") String status) {}

    /** The optional body of {@code POST /jars/{jarid}/run}; every field may be absent. */
    public record JarRunRequest(
            @JsonProperty("entryClass") String entryClass,
            @JsonProperty("programArgsList") List<String> programArgsList,
            @JsonProperty("parallelism") Integer parallelism) {}

    /** {@code POST /jars/{jarid}/run}: the first job the program submitted. */
    public record JarRunResponse(@JsonProperty("jobid") String jobId) {}

    /** {@code POST /jobs}. */
    public record JobSubmitResponse(@JsonProperty("jobUrl") String jobUrl) {}
}
