package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What clients can ask of a JobManager: submit, list, inspect and cancel jobs, and see the
 * cluster. The REST endpoint is a translation of this interface to HTTP/JSON.
 *
 * <p>Futures complete on the dispatcher's thread; a future for an unknown job completes
 * exceptionally with {@link UnknownJobException}.
 */
public interface DispatcherGateway {

    /**
     * Accepts a job. {@code userJars} are files already on the JobManager's disk (uploaded with
     * the job) that hold the job's user code. Completes once the job is accepted, not run.
     */
    CompletableFuture<JobId> submitJob(JobGraph jobGraph, List<Path> userJars);

    /** Every job the dispatcher knows: running ones and finished ones still kept. */
    CompletableFuture<List<JobDetails>> listJobs();

    CompletableFuture<JobDetails> requestJob(JobId jobId);

    /** Asks the job to cancel; completes when the request is accepted. */
    CompletableFuture<Void> cancelJob(JobId jobId);

    /**
     * Takes a savepoint of the job, and with {@link SavepointType#STOP} or {@link
     * SavepointType#STOP_AND_DRAIN} stops the job with it. Completes with the savepoint's directory
     * (fully qualified, e.g. {@code hdfs://nn/savepoints/savepoint-3f2a1b-9c8d7e6f5a4b}) once the
     * savepoint is complete (for a stop, once the job has ended FINISHED); exceptionally with {@link
     * UnknownJobException} for an unknown job and with {@link
     * dev.spindle.checkpoint.SavepointException} when no savepoint can be taken (the job is not
     * running or has finished, it is a BATCH job, no directory was given or configured, the
     * savepoint failed), whose message is for the user.
     *
     * @param targetDirectory where the savepoint's directory is created; null for {@code
     *     state.savepoints.dir}
     */
    CompletableFuture<String> triggerSavepoint(JobId jobId, String targetDirectory, SavepointType type);

    /**
     * Records that the attached client of the job is still there (its lease, {@link ClientHeartbeats});
     * completes at once, exceptionally with {@link UnknownJobException} for an unknown job.
     */
    CompletableFuture<Void> recordClientHeartbeat(JobId jobId);

    /**
     * Completes with the job's terminal status once it has ended, however it ended; exceptionally
     * with {@link UnknownJobException} when the dispatcher does not know the job (never ran here, or
     * its record expired long after it ended). For what a job holds until it ends (its jars).
     */
    CompletableFuture<JobStatus> jobTermination(JobId jobId);

    /** The job's result if it has ended, else a result whose status is not terminal. */
    CompletableFuture<JobResultInfo> requestJobResult(JobId jobId);

    /** The job's failures, newest first, as {@code GET /jobs/{jobid}/exceptions} shows them. */
    CompletableFuture<ExceptionHistory> requestExceptionHistory(JobId jobId);

    /**
     * The job's checkpoints as {@code GET /jobs/{jobid}/checkpoints} shows them; completes with
     * null for a job that takes no checkpoints (BATCH, or no checkpoint interval).
     */
    CompletableFuture<CheckpointStats> requestCheckpointStats(JobId jobId);

    /** How the job takes checkpoints; completes with null for a job that takes none. */
    CompletableFuture<CheckpointConfig> requestCheckpointConfig(JobId jobId);

    /**
     * The job's plan (vertices, operators, edges), its program's configuration and the records its
     * ended tasks counted, as {@code GET /jobs/{jobid}/plan} and the web dashboard show them. A
     * gateway that cannot tell fails the future with {@link UnsupportedOperationException}.
     */
    default CompletableFuture<JobPlan> requestJobPlan(JobId jobId) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("this JobManager does not show job plans"));
    }

    /**
     * A client outside the JobManager has been served the job's terminal result
     * ({@code GET /jobs/{id}/execution-result}): a per-job cluster with an attached client waits for
     * that before it ends, so that the client gets the result, not only YARN's final status.
     */
    default void resultServed(JobId jobId) {}

    /**
     * A client has been served the completed outcome of a savepoint operation of the job ({@code GET
     * /jobs/{id}/savepoints/{triggerid}}): a cluster that ends with its job waits for that after a
     * stop-with-savepoint, so that the client gets the savepoint's path.
     */
    default void savepointOutcomeServed(JobId jobId) {}

    CompletableFuture<ClusterOverview> requestClusterOverview();

    CompletableFuture<List<TaskManagerDetails>> listTaskManagers();
}
