package dev.spindle.client.cluster;

import dev.spindle.checkpoint.SavepointType;
import dev.spindle.config.ClientOptions;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.ClusterOverviewResponse;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobOverview;
import dev.spindle.rest.SavepointMessages.SavepointStatusResponse;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClientException;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's requests to one cluster, with every failure turned into what the user can act on:
 * a {@link ClusterAccessException} that names the cluster and the fix, or a
 * {@link JobNotFoundException}. The {@link RestClient} underneath knows HTTP, not the user's
 * situation; this class knows where the cluster was found and what to suggest.
 */
public final class ClusterConnection {
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;

    private final ClusterEndpoint endpoint;
    private final RestClient client;
    private final Duration requestTimeout;

    private ClusterConnection(ClusterEndpoint endpoint, ClusterSecret secret, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.client = new RestClient(endpoint.restAddress(), secret, requestTimeout);
        this.requestTimeout = requestTimeout;
    }

    /**
     * A connection to {@code endpoint}; nothing is sent yet.
     *
     * @param authenticated whether requests carry the token derived from the cluster secret, which
     *                      submitting and cancelling need and reading does not
     */
    public static ClusterConnection open(ClusterEndpoint endpoint, boolean authenticated)
            throws ClusterAccessException {
        return open(endpoint, authenticated, ClientOptions.REST_REQUEST_TIMEOUT.defaultValue());
    }

    /**
     * @param requestTimeout the longest wait for one answer ({@code client.rest.request-timeout});
     *                       a job submission uploads the user's jar within it
     */
    public static ClusterConnection open(ClusterEndpoint endpoint, boolean authenticated, Duration requestTimeout)
            throws ClusterAccessException {
        Objects.requireNonNull(endpoint, "endpoint");
        ClusterSecret secret = authenticated ? readSecret(endpoint) : null;
        return new ClusterConnection(endpoint, secret, requestTimeout);
    }

    /**
     * A connection to {@code endpoint} whose secret the caller already has (a YARN session's
     * secret lives in its staging directory, not in a local file); nothing is sent yet.
     *
     * @param secret the cluster secret, or null for requests without a token (reading)
     */
    public static ClusterConnection open(ClusterEndpoint endpoint, ClusterSecret secret, Duration requestTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new ClusterConnection(endpoint, secret, requestTimeout);
    }

    public ClusterEndpoint endpoint() {
        return endpoint;
    }

    /** The REST client underneath, for the job submissions of {@code RestClusterExecutor}. */
    public RestClient restClient() {
        return client;
    }

    /** The cluster's overview; also the cheapest way to check that it answers. */
    public ClusterOverviewResponse overview() throws ClusterAccessException {
        try {
            return client.overview();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public List<JobOverview> listJobs() throws ClusterAccessException {
        try {
            return client.listJobs();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public JobDetailsResponse jobDetails(JobId jobId) throws ClusterAccessException, JobNotFoundException {
        try {
            return client.jobDetails(jobId);
        } catch (IOException e) {
            throw translate(e, jobId);
        }
    }

    /**
     * The job's checkpoints, or empty for a job that takes none (the cluster's 404 with
     * {@link CheckpointMessages#NOT_ENABLED}, not the 404 of an unknown job).
     */
    public Optional<CheckpointingStatistics> checkpoints(JobId jobId)
            throws ClusterAccessException, JobNotFoundException {
        try {
            return Optional.of(client.checkpoints(jobId));
        } catch (RestClientException e) {
            if (e.statusCode() == NOT_FOUND && CheckpointMessages.NOT_ENABLED.equals(e.serverMessage())) {
                return Optional.empty();
            }
            throw translate(e, jobId);
        } catch (IOException e) {
            throw translate(e, jobId);
        }
    }

    /** Asks the cluster to cancel the job; returns once the request is accepted. */
    public void cancel(JobId jobId) throws ClusterAccessException, JobNotFoundException {
        try {
            client.cancel(jobId);
        } catch (IOException e) {
            throw translate(e, jobId);
        }
    }

    /**
     * Starts a savepoint of the job, or stops the job with one.
     *
     * @param targetDirectory where the savepoint goes, or null for the cluster's {@code state.savepoints.dir}
     * @return the trigger id for {@link #savepointStatus}
     */
    public String triggerSavepoint(JobId jobId, String targetDirectory, SavepointType type)
            throws ClusterAccessException, JobNotFoundException {
        try {
            return type == SavepointType.SAVEPOINT
                    ? client.triggerSavepoint(jobId, targetDirectory)
                    : client.stopWithSavepoint(jobId, targetDirectory, type == SavepointType.STOP_AND_DRAIN);
        } catch (IOException e) {
            throw translate(e, jobId);
        }
    }

    /**
     * How the savepoint operation {@code triggerId} of the job stands.
     *
     * @throws SavepointFailedException when the cluster no longer knows the operation
     */
    public SavepointStatusResponse savepointStatus(JobId jobId, String triggerId)
            throws ClusterAccessException, JobNotFoundException, SavepointFailedException {
        try {
            return client.savepointStatus(jobId, triggerId);
        } catch (RestClientException e) {
            if (e.statusCode() == NOT_FOUND && e.serverMessage().startsWith("no savepoint operation")) {
                throw new SavepointFailedException(
                        endpoint.description() + " no longer knows the savepoint of job " + jobId + " ("
                                + e.serverMessage() + "); see 'spindle checkpoints " + jobId + "' for its savepoints",
                        e);
            }
            throw translate(e, jobId);
        } catch (IOException e) {
            throw translate(e, jobId);
        }
    }

    /**
     * What a failed request means for the user: the cluster refused it (with its reason), or did
     * not answer (with the hint of where it was found).
     */
    public ClusterAccessException translate(IOException failure) {
        if (failure instanceof RestClientException refused) {
            String hint = (refused.statusCode() == UNAUTHORIZED || refused.statusCode() == FORBIDDEN)
                            && endpoint.secretFile() != null
                    ? "; is " + endpoint.secretFile() + " the secret of this cluster?"
                    : "";
            return new ClusterAccessException(
                    endpoint.description() + " refused the request (HTTP " + refused.statusCode() + "): "
                            + refused.serverMessage() + hint,
                    failure);
        }
        String where = endpoint.description().contains(endpoint.restAddress().toString())
                ? ""
                : " at " + endpoint.restAddress();
        return new ClusterAccessException(
                endpoint.description() + " does not answer" + where + " (" + reason(failure) + "); "
                        + endpoint.unreachableHint(),
                failure);
    }

    /**
     * The cluster stopped answering while the client followed {@code jobId} (its JobManager was
     * killed, crashed or its host went away): the job's outcome is unknown, and the message names
     * the JobManager's address and what to do.
     *
     * @param failure the last failed request
     */
    public ClusterAccessException lost(JobId jobId, IOException failure) {
        String description = endpoint.description();
        String jobManager = description.startsWith("the JobManager")
                ? description
                : "the JobManager of " + description + " at " + endpoint.restAddress();
        return new ClusterAccessException(
                jobManager + " was lost while job " + jobId + " ran (" + reason(failure)
                        + "); the job's outcome is unknown; " + endpoint.unreachableHint(),
                failure);
    }

    /** As {@link #translate(IOException)}, except that "not found" is about the job: it is thrown. */
    private ClusterAccessException translate(IOException failure, JobId jobId) throws JobNotFoundException {
        if (failure instanceof RestClientException e && e.statusCode() == NOT_FOUND) {
            JobNotFoundException notFound = new JobNotFoundException(jobId, endpoint.description());
            notFound.initCause(failure);
            throw notFound;
        }
        return translate(failure);
    }

    // The JDK's HTTP client throws ConnectException without a message for a refused connection.
    private String reason(IOException failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "connecting timed out";
        }
        if (failure instanceof HttpTimeoutException) {
            long millis = requestTimeout.toMillis();
            return "no answer within " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        return failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getSimpleName();
    }

    private static ClusterSecret readSecret(ClusterEndpoint endpoint) throws ClusterAccessException {
        if (endpoint.secretFile() == null) {
            throw new ClusterAccessException("submitting and cancelling jobs on " + endpoint.description()
                    + " needs its secret: pass --secret-file <file> or set " + ClusterSecret.FILE_ENV);
        }
        try {
            return ClusterSecret.readFrom(endpoint.secretFile());
        } catch (NoSuchFileException e) {
            throw new ClusterAccessException(
                    "the secret file " + endpoint.secretFile() + " of " + endpoint.description() + " does not exist; "
                            + endpoint.unreachableHint(),
                    e);
        } catch (AccessDeniedException e) {
            throw new ClusterAccessException(
                    "the secret file " + endpoint.secretFile() + " of " + endpoint.description()
                            + " is not readable by this user (only the cluster's owner may use it)",
                    e);
        } catch (IOException e) {
            throw new ClusterAccessException(
                    "cannot read the secret file " + endpoint.secretFile() + " of " + endpoint.description() + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
