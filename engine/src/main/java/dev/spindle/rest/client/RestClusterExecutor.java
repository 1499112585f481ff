package dev.spindle.rest.client;

import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs jobs on a cluster through its REST endpoint: the job graph goes, with the jars that hold
 * its user code, in one {@code POST /jobs}; the returned {@link JobClient} follows the job by
 * polling. The program's main() runs in the caller's JVM (Flink's session-mode {@code run}).
 */
public final class RestClusterExecutor implements PipelineExecutor {
    private final RestClient client;
    private final List<Path> userJars;
    private final Duration pollInterval;

    /**
     * @param client a client with the cluster's secret (submitting needs its token)
     * @param userJars the jars of the program, shipped with each job
     * @param pollInterval how often job clients ask for the state of their job
     */
    public RestClusterExecutor(RestClient client, List<Path> userJars, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.userJars = List.copyOf(userJars);
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    @Override
    public CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) throws Exception {
        byte[] bytes = JobGraphCodec.toBytes(jobGraph);
        client.submitJobGraph(bytes, userJars);
        return CompletableFuture.completedFuture(
                new RestJobClient(client, jobGraph.jobId(), jobGraph.name(), pollInterval));
    }
}
