package dev.spindle.runtime.local;

import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import java.util.concurrent.CompletableFuture;

/**
 * Runs jobs in this JVM. The graph goes through its byte form first, as it would on its way to
 * a cluster, so that a program that runs locally also ships.
 */
public final class LocalExecutor implements PipelineExecutor {

    @Override
    public CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) throws Exception {
        JobGraph shipped = JobGraphCodec.fromBytes(JobGraphCodec.toBytes(jobGraph));
        return CompletableFuture.completedFuture(new LocalJobRunner(shipped, userClassLoader).start());
    }
}
