package dev.spindle.client.cli;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobId;
import dev.spindle.api.JobStatus;
import dev.spindle.api.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code run --detached}: the program's {@code execute()} returns as soon as the cluster has
 * accepted the job, as in Flink's detached mode, so that the CLI can exit while the job runs. The
 * result it returns is a placeholder: zero runtime and no counters, since the job has not ended.
 * Status and cancellation still reach the real job.
 */
final class DetachedExecutor implements PipelineExecutor {
    private final PipelineExecutor delegate;

    DetachedExecutor(PipelineExecutor delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) throws Exception {
        return delegate.execute(jobGraph, userClassLoader).thenApply(client -> new DetachedJobClient(client,
                CompletableFuture.completedFuture(new JobExecutionResult(client.getJobId(), jobGraph.name(),
                        Duration.ZERO, Map.of()))));
    }

    /** The submitted job, except that its "result" is there at once. */
    private record DetachedJobClient(JobClient job, CompletableFuture<JobExecutionResult> placeholder)
            implements JobClient {
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
            return placeholder;
        }
    }
}
