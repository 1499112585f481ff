package dev.spindle.cluster.gateway;

import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.core.JobId;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.ThreadDumpEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the JobManager asks of a TaskManager, over RPC. Every call carries the fencing token of the
 * JobManager's leadership (given to the TaskManager in its {@link RegistrationResponse}): a
 * TaskManager refuses calls with any other token, so that a JobManager that lost its leadership
 * (and may not know it yet) can no longer deploy, cancel or checkpoint anything.
 */
public interface TaskExecutorGateway {
    /** The name under which the process serves this gateway on its RPC server. */
    String ENDPOINT = "taskmanager";

    /** Starts a task in one of the TaskManager's slots; completes once it is accepted. */
    CompletableFuture<Void> submitTask(String fencingToken, TaskDeployment deployment);

    /**
     * Cancels every task of the job's attempts up to {@code attempt} on this TaskManager and frees
     * their exchanges here; deployments of those attempts that arrive later do not start.
     */
    CompletableFuture<Void> cancelJob(String fencingToken, JobId jobId, int attempt);

    /** Passes a checkpoint trigger to the job's tasks of {@code attempt} here. */
    CompletableFuture<Void> triggerCheckpoint(
            String fencingToken,
            JobId jobId,
            int attempt,
            long checkpointId,
            long timestamp,
            CheckpointOptions options);

    /** Tells the job's tasks of {@code attempt} here that a checkpoint completed. */
    CompletableFuture<Void> notifyCheckpointComplete(String fencingToken, JobId jobId, int attempt, long checkpointId);

    /** The job has ended: free what it still holds here. */
    CompletableFuture<Void> releaseJob(String fencingToken, JobId jobId);

    /** The JobManager's heartbeat; answers with the number of free slots. */
    CompletableFuture<Integer> heartbeat(String fencingToken, long sequence);

    /** The current value of every metric of this TaskManager (its process, its tasks, their operators). */
    CompletableFuture<List<MetricDump>> requestMetrics(String fencingToken);

    /** Every thread of this TaskManager's process with its full stack. */
    CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String fencingToken);

    /** The log files of this TaskManager ({@link dev.spindle.ops.LogDirectory}). */
    CompletableFuture<List<LogFileInfo>> requestLogList(String fencingToken);

    /**
     * Up to {@code length} bytes (at most {@link dev.spindle.ops.LogDirectory#MAX_CHUNK_BYTES}) of the
     * log file {@code name} from {@code offset}; fewer at its end. Fails with an {@link
     * IllegalArgumentException} for a name that is not a plain file name and with {@link
     * dev.spindle.ops.UnknownLogFileException} for one that is not a log file here.
     */
    CompletableFuture<byte[]> requestLogFile(String fencingToken, String name, long offset, int length);
}
