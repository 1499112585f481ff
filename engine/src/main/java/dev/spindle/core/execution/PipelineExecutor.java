package dev.spindle.core.execution;

import dev.spindle.graph.JobGraph;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a compiled job somewhere: in this JVM, or on a cluster. What an execution environment
 * delegates to; a deployment target is one implementation.
 */
@FunctionalInterface
public interface PipelineExecutor {
    /** Submits the job; completes once it is accepted, with a handle on it. */
    CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) throws Exception;
}
