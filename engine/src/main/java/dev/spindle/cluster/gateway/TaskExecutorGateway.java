package dev.spindle.cluster.gateway;

import dev.spindle.core.JobId;
import java.util.concurrent.CompletableFuture;

/** What the JobManager asks of a TaskManager, over RPC. */
public interface TaskExecutorGateway {
    /** The name under which the process serves this gateway on its RPC server. */
    String ENDPOINT = "taskmanager";

    /** Starts a task in one of the TaskManager's slots; completes once it is accepted. */
    CompletableFuture<Void> submitTask(TaskDeployment deployment);

    /** Cancels every task of the job on this TaskManager and frees the job's exchanges here. */
    CompletableFuture<Void> cancelJob(JobId jobId);

    /** The job has ended: free what it still holds here. */
    CompletableFuture<Void> releaseJob(JobId jobId);

    /** The JobManager's heartbeat; answers with the number of free slots. */
    CompletableFuture<Integer> heartbeat(long sequence);
}
