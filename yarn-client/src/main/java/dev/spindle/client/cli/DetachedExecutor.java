package dev.spindle.client.cli;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
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
        return delegate.execute(jobGraph, userClassLoader)
                .thenApply(client -> new JobClientWithResult(
                        client,
                        CompletableFuture.completedFuture(
                                new JobExecutionResult(client.getJobId(), jobGraph.name(), Duration.ZERO, Map.of()))));
    }
}
