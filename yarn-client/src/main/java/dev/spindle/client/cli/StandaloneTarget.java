package dev.spindle.client.cli;

import dev.spindle.api.PipelineExecutor;
import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.client.cluster.ClusterEndpoint;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.client.RestClusterExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code -t standalone}: jobs go to a running cluster (Flink's session mode) through its REST
 * endpoint, each with the program's jar. The cluster is asked for its overview before the program
 * starts, so that a cluster that is not there fails the command at once, as a cluster error,
 * rather than from inside main().
 */
final class StandaloneTarget implements RunTarget {
    static final String NAME = "standalone";
    /** How often a job client asks for its job's result; a short job should not wait long after it ends. */
    private static final Duration RESULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final ClusterConnection connection;

    private StandaloneTarget(ClusterConnection connection) {
        this.connection = connection;
    }

    /** Connects to the cluster and checks that it answers. */
    static StandaloneTarget connect(ClusterEndpoint endpoint) throws ClusterAccessException {
        ClusterConnection connection = ClusterConnection.open(endpoint, true);
        connection.overview();
        return new StandaloneTarget(connection);
    }

    @Override
    public PipelineExecutor newExecutor(UserProgram program) {
        PipelineExecutor rest = new RestClusterExecutor(connection.restClient(), List.of(program.jar()),
                RESULT_POLL_INTERVAL);
        // A failed submission is a cluster error with the cluster's name and the fix, not an
        // IOException from somewhere in the HTTP client.
        return (jobGraph, userClassLoader) -> {
            try {
                return rest.execute(jobGraph, userClassLoader);
            } catch (IOException e) {
                throw connection.translate(e);
            }
        };
    }

    @Override
    public boolean jobsOutliveClient() {
        return true;
    }
}
