package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import java.util.concurrent.CompletableFuture;

/**
 * Archives the views of a job that reached a globally terminal state, for the history server. The
 * {@link Dispatcher} calls it once per such job, before the job's cleanup, while it still knows the
 * job (its REST views answer). The future completes, normally, once the archive is written or has
 * failed (a failure is the archiver's to log: archiving never fails a job) within a bounded time.
 */
@FunctionalInterface
public interface JobArchiver {
    /** Archives nothing. */
    JobArchiver NONE = jobId -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> archive(JobId jobId);
}
