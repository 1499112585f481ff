package dev.spindle.rest.client;

import dev.spindle.cluster.gateway.RemoteFailure;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.rest.RestMessages.FailureCause;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultInfo;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A job on a cluster, seen through REST. The result is found by polling
 * {@code /jobs/{id}/execution-result} on a daemon thread of this client, which completes the
 * futures. A cluster that cannot be reached for {@value #UNREACHABLE_LIMIT} polls in a row fails
 * the result: the job's fate is then unknown, and the message says so.
 */
public final class RestJobClient implements JobClient, JobProgressSource {
    static final int UNREACHABLE_LIMIT = 20;

    private final RestClient client;
    private final JobId jobId;
    private final String jobName;
    private final long pollMillis;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final ScheduledExecutorService poller;
    private int failedPolls;

    public RestJobClient(RestClient client, JobId jobId, String jobName, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.jobName = jobName;
        this.pollMillis = Math.max(10, pollInterval.toMillis());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle job poller " + jobId);
            t.setDaemon(true);
            return t;
        });
        result.whenComplete((r, t) -> poller.shutdown());
        poller.schedule(this::poll, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public JobId getJobId() {
        return jobId;
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return JobStatus.valueOf(client.jobDetails(jobId).state());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<JobProgress> getJobProgress() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                JobDetailsResponse details = client.jobDetails(jobId);
                return new JobProgress(JobStatus.valueOf(details.state()), details.pendingResources());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<Void> cancel() {
        return CompletableFuture.runAsync(() -> {
            try {
                client.cancel(jobId);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }

    private void poll() {
        if (result.isDone()) {
            return;
        }
        try {
            JobExecutionResultResponse r = client.executionResult(jobId);
            failedPolls = 0;
            if (r.completed()) {
                complete(r.result());
                return;
            }
        } catch (RestClientException e) {
            if (e.statusCode() == 404) {
                result.completeExceptionally(new JobExecutionException(
                        jobId,
                        "the cluster no longer knows job " + jobId + " (its result expired, or the cluster restarted)",
                        e));
                return;
            }
            if (!tolerate(e)) {
                return;
            }
        } catch (IOException e) {
            if (!tolerate(e)) {
                return;
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(new JobExecutionException(jobId, "could not follow job " + jobId, e));
            return;
        }
        poller.schedule(this::poll, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Counts a failed poll; past the limit fails the result and returns false. */
    private boolean tolerate(IOException e) {
        if (++failedPolls >= UNREACHABLE_LIMIT) {
            result.completeExceptionally(new JobExecutionException(
                    jobId,
                    "lost contact with the cluster while job " + jobId + " ran (" + e.getMessage()
                            + "); its outcome is unknown",
                    e));
            return false;
        }
        return true;
    }

    private void complete(JobExecutionResultInfo info) {
        switch (info.applicationStatus()) {
            case "SUCCEEDED" ->
                result.complete(new JobExecutionResult(
                        jobId,
                        jobName,
                        Duration.ofMillis(info.netRuntime()),
                        info.accumulatorResults() == null ? java.util.Map.of() : info.accumulatorResults()));
            case "CANCELED" -> result.completeExceptionally(new JobCancellationException(jobId));
            default ->
                result.completeExceptionally(
                        new JobExecutionException(jobId, "job " + jobId + " failed", rebuild(info.failureCause())));
        }
    }

    /** The cluster's failure text as an exception that prints as the original. */
    static RemoteFailure rebuild(FailureCause cause) {
        if (cause == null || cause.stackTrace() == null) {
            return new RemoteFailure("java.lang.Exception", "the cluster reported no cause", null);
        }
        String trace = cause.stackTrace();
        String firstLine = trace.strip().lines().findFirst().orElse("");
        String prefix = cause.exceptionClass() + ":";
        String message = firstLine.startsWith(prefix)
                ? firstLine.substring(prefix.length()).strip()
                : firstLine.equals(cause.exceptionClass()) ? null : firstLine;
        return new RemoteFailure(cause.exceptionClass(), message, trace);
    }
}
