package dev.spindle.client.cli;

import dev.spindle.checkpoint.SavepointType;
import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.client.cluster.JobNotFoundException;
import dev.spindle.client.cluster.SavepointFailedException;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.rest.SavepointMessages.SavepointStatusResponse;
import dev.spindle.rest.SavepointMessages.SerializedFailure;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What {@code savepoint} and {@code stop} share: check that the job runs, trigger the operation,
 * and poll its status until it completes, printing progress on stderr, until {@code
 * client.savepoint.timeout}. Every way it can end without a savepoint is a {@link
 * SavepointFailedException} (or the cluster's and the job's own exceptions) whose message names the
 * fix; the cluster's stack trace never reaches the user's line.
 */
final class SavepointTrigger {
    private final ClusterConnection connection;
    private final PrintWriter progress;
    private final Duration timeout;
    private final Duration poll;
    private final Duration waitingInterval;

    /** @param config read for the timeout and the intervals ({@link ClientOptions}) */
    SavepointTrigger(ClusterConnection connection, PrintWriter progress, Configuration config) {
        this.connection = connection;
        this.progress = progress;
        this.timeout = config.get(ClientOptions.SAVEPOINT_TIMEOUT);
        this.poll = config.get(ClientOptions.POLL_INTERVAL);
        this.waitingInterval = config.get(ClientOptions.PROGRESS_WAITING_INTERVAL);
    }

    /**
     * Takes the savepoint (and with a stopping type stops the job with it).
     *
     * @param targetDirectory where it goes, or null for the cluster's {@code state.savepoints.dir}
     * @return the savepoint's directory, fully qualified
     */
    String run(JobId jobId, String targetDirectory, SavepointType type)
            throws ClusterAccessException, JobNotFoundException, SavepointFailedException, InterruptedException {
        JobStatus status = JobStatus.valueOf(connection.jobDetails(jobId).state());
        if (status.isTerminal()) {
            throw new SavepointFailedException("job " + jobId + " has already ended (" + status + "); there is "
                    + "nothing to " + (type.stops() ? "stop" : "take a savepoint of") + " (resume from its last "
                    + "savepoint or retained checkpoint with 'spindle run -s <path>')");
        }
        String triggerId = connection.triggerSavepoint(jobId, targetDirectory, type);
        progress.println((type.stops()
                        ? "Stopping job " + jobId + " with a savepoint"
                        : "Triggering a savepoint of job " + jobId)
                + (type == SavepointType.STOP_AND_DRAIN ? " (draining)" : "")
                + (targetDirectory != null ? " in " + targetDirectory : "") + "; waiting for it to complete");
        progress.flush();
        return await(jobId, triggerId);
    }

    private String await(JobId jobId, String triggerId)
            throws ClusterAccessException, JobNotFoundException, SavepointFailedException, InterruptedException {
        long start = System.nanoTime();
        long nextNote = start + waitingInterval.toNanos();
        while (true) {
            SavepointStatusResponse status = connection.savepointStatus(jobId, triggerId);
            if (status.completed()) {
                return outcome(jobId, status);
            }
            long now = System.nanoTime();
            if (now - start >= timeout.toNanos()) {
                throw new SavepointFailedException("the savepoint of job " + jobId + " did not complete within "
                        + JobTable.duration(timeout.toMillis())
                        + " (client.savepoint.timeout); it may still complete: see 'spindle "
                        + "checkpoints " + jobId + "', or wait longer with -D client.savepoint.timeout=<duration>");
            }
            if (now >= nextNote) {
                progress.println("Still waiting for the savepoint of job " + jobId + " after "
                        + JobTable.duration(Duration.ofNanos(now - start).toMillis()));
                progress.flush();
                nextNote = now + waitingInterval.toNanos();
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static String outcome(JobId jobId, SavepointStatusResponse status) throws SavepointFailedException {
        if (status.operation() == null) {
            throw new SavepointFailedException("the cluster said the savepoint of job " + jobId
                    + " completed, but neither where it is nor why it failed");
        }
        SerializedFailure failure = status.operation().failureCause();
        if (failure != null) {
            String message = failure.message() != null ? failure.message() : failure.exceptionClass();
            throw new SavepointFailedException(
                    "the savepoint of job " + jobId + " failed: " + CliExceptionHandler.firstLine(message));
        }
        String location = status.operation().location();
        if (location == null || location.isBlank()) {
            throw new SavepointFailedException(
                    "the cluster said the savepoint of job " + jobId + " completed, but not where it is");
        }
        return location;
    }
}
