package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.client.RestClientException;
import dev.spindle.rest.client.RestClusterExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code -t standalone} and {@code -t yarn-session}: jobs go to a running session cluster through
 * its REST endpoint, each with the program's jar; where the endpoint is and its secret, the
 * {@link ClusterConnection} knows ({@link ClusterSelection} found it). The cluster is asked for its
 * overview before the program starts, so that a cluster that is not there fails the command at
 * once, as a cluster error, rather than from inside main(). A cluster that stops answering while a
 * job runs is a cluster error too, naming its JobManager ({@link ClusterConnection#lost}), not a
 * failure of the job.
 */
final class SessionClusterTarget implements RunTarget {
    private final ClusterConnection connection;
    private final String applicationId;
    private final Duration resultPoll;

    private SessionClusterTarget(ClusterConnection connection, String applicationId, Duration resultPoll) {
        this.connection = connection;
        this.applicationId = applicationId;
        this.resultPoll = resultPoll;
    }

    /**
     * Checks that the cluster answers.
     *
     * @param applicationId the YARN application of a YARN session, or null for a standalone cluster
     * @param resultPoll how often a job client asks for its job's result ({@code client.poll-interval})
     */
    static SessionClusterTarget connect(ClusterConnection connection, String applicationId, Duration resultPoll)
            throws ClusterAccessException {
        connection.overview();
        return new SessionClusterTarget(connection, applicationId, resultPoll);
    }

    @Override
    public PipelineExecutor newExecutor(UserProgram program) {
        PipelineExecutor rest = new RestClusterExecutor(connection.restClient(), List.of(program.jar()), resultPoll);
        // A failed submission is a cluster error with the cluster's name and the fix, not an
        // IOException from somewhere in the HTTP client.
        return (jobGraph, userClassLoader) -> {
            try {
                return rest.execute(jobGraph, userClassLoader).thenApply(job -> followed(job, connection));
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

    /**
     * A job on the cluster whose result, when the cluster could not be reached for long enough,
     * fails with the {@link ClusterAccessException} of a lost JobManager instead of a job failure.
     */
    private static JobClient followed(JobClient job, ClusterConnection connection) {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult()
                .handle((r, t) -> {
                    if (t == null) {
                        return CompletableFuture.completedFuture(r);
                    }
                    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                    // An answer of the cluster (404: it forgot the job) is not a lost cluster.
                    if (cause instanceof JobExecutionException
                            && !(cause instanceof JobCancellationException)
                            && cause.getCause() instanceof IOException io
                            && !(io instanceof RestClientException)) {
                        return CompletableFuture.<JobExecutionResult>failedFuture(connection.lost(job.getJobId(), io));
                    }
                    return CompletableFuture.<JobExecutionResult>failedFuture(cause);
                })
                .thenCompose(f -> f);
        return new JobClientWithResult(job, result);
    }
}
