package dev.spindle.client.cli;

import dev.spindle.api.PipelineExecutor;
import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.client.RestClusterExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code -t standalone} and {@code -t yarn-session}: jobs go to a running session cluster through
 * its REST endpoint, each with the program's jar; where the endpoint is and its secret, the
 * {@link ClusterConnection} knows ({@link ClusterSelection} found it). The cluster is asked for its
 * overview before the program starts, so that a cluster that is not there fails the command at
 * once, as a cluster error, rather than from inside main().
 */
final class SessionClusterTarget implements RunTarget {
    /** How often a job client asks for its job's result; a short job should not wait long after it ends. */
    private static final Duration RESULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final ClusterConnection connection;
    private final String applicationId;

    private SessionClusterTarget(ClusterConnection connection, String applicationId) {
        this.connection = connection;
        this.applicationId = applicationId;
    }

    /**
     * Checks that the cluster answers.
     *
     * @param applicationId the YARN application of a YARN session, or null for a standalone cluster
     */
    static SessionClusterTarget connect(ClusterConnection connection, String applicationId)
            throws ClusterAccessException {
        connection.overview();
        return new SessionClusterTarget(connection, applicationId);
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

    @Override
    public String applicationId() {
        return applicationId;
    }

    @Override
    public String restUrl() {
        return connection.endpoint().restAddress().toString();
    }
}
