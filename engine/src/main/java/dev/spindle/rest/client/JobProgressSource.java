package dev.spindle.rest.client;

import dev.spindle.core.JobStatus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on a job on a cluster that tells more than its state: while the job waits for slots,
 * what it waits for, so that a client can show why nothing happens yet.
 */
public interface JobProgressSource {

    /** The job's state and what it waits for, as of now; completes on a thread of the source. */
    CompletableFuture<JobProgress> getJobProgress();

    /**
     * @param status the job's state
     * @param pendingResources what the job waits for before its tasks can start (one line), or null
     */
    record JobProgress(JobStatus status, String pendingResources) {
        public JobProgress {
            Objects.requireNonNull(status, "status");
        }
    }
}
