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

    /** {@code GET /overview}. */
    public record ClusterOverviewResponse(
            @JsonProperty("taskmanagers") int taskManagers,
            @JsonProperty("slots-total") int slotsTotal,
            @JsonProperty("slots-available") int slotsAvailable,
            @JsonProperty("jobs-running") int jobsRunning,
            @JsonProperty("jobs-finished") int jobsFinished,
            @JsonProperty("jobs-cancelled") int jobsCancelled,
            @JsonProperty("jobs-failed") int jobsFailed,
            @JsonProperty("spindle-version") String version) {}

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
     * case, as Flink) and holds their {@code total}.
     */
    public record JobOverview(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("tasks") Map<String, Integer> tasks) {}

    /**
     * {@code GET /jobs/{jobid}}; {@code pending-resources}, only while the job waits for slots, says
     * in one line what it waits for (slots wanted and free, TaskManagers pending and starting).
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

            @JsonProperty("pending-resources") @JsonInclude(JsonInclude.Include.NON_NULL)
            String pendingResources) {}

    /** A vertex of {@code /jobs/{jobid}}; {@code tasks} maps execution state → count. */
    public record VertexInfo(
            @JsonProperty("id") int id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism,
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
