package dev.spindle.core.execution;

import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.util.concurrent.CompletableFuture;

/** A handle on a submitted job. Futures complete on the cluster's threads; do not block in callbacks. */
public interface JobClient {

    JobId getJobId();

    CompletableFuture<JobStatus> getJobStatus();

    /** Asks the job to cancel; completes once the request is accepted (not when the job has ended). */
    CompletableFuture<Void> cancel();

    /**
     * The result once the job has ended; completes exceptionally with a
     * {@link JobExecutionException} (or {@link JobCancellationException}) when it did not finish.
     */
    CompletableFuture<JobExecutionResult> getJobExecutionResult();
}
