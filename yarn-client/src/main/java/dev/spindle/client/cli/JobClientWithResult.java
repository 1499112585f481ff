package dev.spindle.client.cli;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted job whose result the client sees differently from the cluster's: a placeholder that is
 * there at once (detached runs), or the cluster's result with a lost JobManager told apart from a job
 * failure (attached runs). Status and cancellation go to the job as they are.
 */
record JobClientWithResult(JobClient job, CompletableFuture<JobExecutionResult> result) implements JobClient {
    @Override
    public JobId getJobId() {
        return job.getJobId();
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        return job.getJobStatus();
    }

    @Override
    public CompletableFuture<Void> cancel() {
        return job.cancel();
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }
}
