package dev.spindle.rest;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.ClusterOverview;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.ExceptionHistory;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.rest.RestMessages.ClusterOverviewResponse;
import dev.spindle.rest.RestMessages.ExecutionExceptionInfo;
import dev.spindle.rest.RestMessages.FailureCause;
import dev.spindle.rest.RestMessages.JobExceptionHistory;
import dev.spindle.rest.RestMessages.JobExceptionsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultInfo;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.JobIdWithStatus;
import dev.spindle.rest.RestMessages.JobIdsWithStatusResponse;
import dev.spindle.rest.RestMessages.JobOverview;
import dev.spindle.rest.RestMessages.JobsOverviewResponse;
import dev.spindle.rest.RestMessages.QueueStatus;
import dev.spindle.rest.RestMessages.RootExceptionInfo;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.RestMessages.TaskManagersResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The handlers that read the cluster and its jobs, and cancel jobs: each one gateway call
 * translated to Flink's JSON shape. None blocks; all complete on the gateway's thread.
 */
final class JobHandlers {
    private final DispatcherGateway gateway;
    private final String version;
    private final String mode;

    /** @param mode {@code cluster.mode}, shown by {@code /overview} */
    JobHandlers(DispatcherGateway gateway, String version, String mode) {
        this.gateway = gateway;
        this.version = version;
        this.mode = mode;
    }

    CompletableFuture<RestResponse> overview(RestRequest request) {
        return gateway.requestClusterOverview().thenApply(o -> RestResponse.ok(toResponse(o)));
    }

    CompletableFuture<RestResponse> jobs(RestRequest request) {
        return gateway.listJobs()
                .thenApply(jobs -> RestResponse.ok(new JobIdsWithStatusResponse(jobs.stream()
                        .map(j -> new JobIdWithStatus(
                                j.jobId().toString(), j.status().name()))
                        .toList())));
    }

    CompletableFuture<RestResponse> jobsOverview(RestRequest request) {
        return gateway.listJobs().thenApply(jobs -> {
            long now = System.currentTimeMillis();
            return RestResponse.ok(new JobsOverviewResponse(
                    jobs.stream().map(j -> toOverview(j, now)).toList()));
        });
    }

    /** {@code PATCH /jobs/{jobid}?mode=cancel}; the mode may be left out, as in Flink. */
    CompletableFuture<RestResponse> cancel(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String mode = request.queryParameter("mode");
        if (mode != null && !mode.equals("cancel")) {
            throw RestException.badRequest("unsupported mode '" + mode + "'; only 'cancel' is supported");
        }
        return gateway.cancelJob(jobId).thenApply(v -> RestResponse.accepted(Map.of()));
    }

    /** {@code PATCH /jobs/{jobid}/client-heartbeat}: the attached client renews its lease. */
    CompletableFuture<RestResponse> clientHeartbeat(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        return gateway.recordClientHeartbeat(jobId).thenApply(v -> RestResponse.accepted(Map.of()));
    }

    CompletableFuture<RestResponse> executionResult(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        return gateway.requestJobResult(jobId).thenApply(r -> {
            RestResponse response = RestResponse.ok(toResponse(r));
            // Served once written: a per-job cluster may end right after, and must not cut it off.
            return r.status().isTerminal() ? response.whenWritten(() -> gateway.resultServed(jobId)) : response;
        });
    }

    /**
     * {@code GET /jobs/{jobid}/exceptions[?maxExceptions=n]}: the job's failures, newest first, at
     * most {@code maxExceptions} of them (Flink's parameter; all that are kept without it).
     */
    CompletableFuture<RestResponse> exceptions(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        int max = maxExceptions(request);
        return gateway.requestExceptionHistory(jobId).thenApply(h -> RestResponse.ok(toResponse(h, max)));
    }

    private static int maxExceptions(RestRequest request) throws RestException {
        String value = request.queryParameter("maxExceptions");
        if (value == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int max = Integer.parseInt(value.trim());
            if (max >= 0) {
                return max;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw RestException.badRequest("maxExceptions must be a whole number of at least 0, was '" + value + "'");
    }

    static JobExceptionsResponse toResponse(ExceptionHistory history, int maxExceptions) {
        List<ExceptionHistory.Entry> all = history.entries();
        List<RootExceptionInfo> entries =
                all.stream().limit(maxExceptions).map(JobHandlers::toInfo).toList();
        boolean truncated = history.truncated() || entries.size() < all.size();
        ExceptionHistory.Entry latest = history.latest();
        if (latest == null) {
            return new JobExceptionsResponse(null, null, List.of(), false, new JobExceptionHistory(entries, truncated));
        }
        List<ExecutionExceptionInfo> failedTasks = latest.taskName() == null
                ? List.of()
                : List.of(new ExecutionExceptionInfo(
                        latest.stacktrace(),
                        latest.taskName(),
                        latest.location() == null ? null : latest.location().endpoint(),
                        latest.timestamp(),
                        latest.location() == null ? null : latest.location().taskManagerId()));
        return new JobExceptionsResponse(
                latest.stacktrace(),
                latest.timestamp(),
                failedTasks,
                false,
                new JobExceptionHistory(entries, truncated));
    }

    private static RootExceptionInfo toInfo(ExceptionHistory.Entry e) {
        String endpoint = e.location() == null ? null : e.location().endpoint();
        return new RootExceptionInfo(
                e.exceptionName(),
                e.stacktrace(),
                e.timestamp(),
                e.taskName(),
                endpoint,
                endpoint,
                e.location() == null ? null : e.location().taskManagerId(),
                Map.of(),
                List.of());
    }

    CompletableFuture<RestResponse> taskManagers(RestRequest request) {
        return gateway.listTaskManagers()
                .thenApply(tms -> RestResponse.ok(new TaskManagersResponse(
                        tms.stream().map(JobHandlers::toInfo).toList())));
    }

    private ClusterOverviewResponse toResponse(ClusterOverview o) {
        return new ClusterOverviewResponse(
                o.taskManagers(),
                o.slotsTotal(),
                o.slotsAvailable(),
                o.jobsRunning(),
                o.jobsFinished(),
                o.jobsCancelled(),
                o.jobsFailed(),
                version,
                mode);
    }

    static JobOverview toOverview(JobDetails j, long now) {
        Map<String, Integer> tasks = new TreeMap<>();
        int total = 0;
        for (JobDetails.VertexDetails v : j.vertices()) {
            total += v.parallelism();
            v.tasksPerState().forEach((state, n) -> tasks.merge(state.toLowerCase(Locale.ROOT), n, Integer::sum));
        }
        tasks.put("total", total);
        return new JobOverview(
                j.jobId().toString(),
                j.name(),
                j.status().name(),
                j.startTimeMillis(),
                j.endTimeMillis(),
                duration(j, now),
                tasks,
                j.restarts());
    }

    /** Until the end for an ended job, until now for a running one (as Flink). */
    private static long duration(JobDetails j, long now) {
        long end = j.endTimeMillis() >= 0 ? j.endTimeMillis() : now;
        return Math.max(0, end - j.startTimeMillis());
    }

    static JobExecutionResultResponse toResponse(JobResultInfo r) {
        if (!r.status().isTerminal()) {
            return new JobExecutionResultResponse(new QueueStatus("IN_PROGRESS"), null);
        }
        FailureCause cause = r.failure() == null ? null : new FailureCause(exceptionClass(r.failure()), r.failure());
        return new JobExecutionResultResponse(
                new QueueStatus("COMPLETED"),
                new JobExecutionResultInfo(
                        r.jobId().toString(),
                        applicationStatus(r.status()),
                        r.netRuntimeMillis(),
                        new TreeMap<>(r.counters()),
                        cause));
    }

    private static String applicationStatus(JobStatus status) {
        return switch (status) {
            case FINISHED -> "SUCCEEDED";
            case CANCELED -> "CANCELED";
            default -> "FAILED";
        };
    }

    /** The failure description starts with the class of the outermost exception ("a.B: message"). */
    private static String exceptionClass(String failure) {
        String first = failure.strip().split("[:\\s]", 2)[0];
        return first.matches("[\\w.$]+") ? first : "java.lang.Throwable";
    }

    private static TaskManagerInfo toInfo(TaskManagerDetails t) {
        return new TaskManagerInfo(
                t.id(), t.address(), t.dataPort(), t.slots(), t.freeSlots(), t.lastHeartbeatMillis());
    }
}
