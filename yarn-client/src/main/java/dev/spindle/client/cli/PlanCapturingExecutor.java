package dev.spindle.client.cli;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spindle info}: an executor that runs nothing. It keeps each job graph the program
 * executes and answers at once as if the job had finished: {@code execute()} returns a result with
 * zero runtime and no counters, so a program that reads its results sees zeros, and a program that
 * executes twice is compiled twice. Used on the program's thread only; {@link #graphs()} is read
 * after main() has returned.
 */
final class PlanCapturingExecutor implements PipelineExecutor {
    private final List<JobGraph> graphs = new ArrayList<>();

    @Override
    public CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) {
        graphs.add(jobGraph);
        JobExecutionResult result = new JobExecutionResult(jobGraph.jobId(), jobGraph.name(), Duration.ZERO, Map.of());
        return CompletableFuture.completedFuture(new NotRunJob(jobGraph.jobId(), result));
    }

    /** The job graphs in the order the program executed them. */
    List<JobGraph> graphs() {
        return List.copyOf(graphs);
    }

    /** A job that was only compiled: reports FINISHED with the empty result; cancelling does nothing. */
    private record NotRunJob(JobId jobId, JobExecutionResult result) implements JobClient {
        @Override
        public JobId getJobId() {
            return jobId;
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return CompletableFuture.completedFuture(JobStatus.FINISHED);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return CompletableFuture.completedFuture(result);
        }
    }
}
