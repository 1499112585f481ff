package dev.spindle.cluster.gateway;

import java.util.concurrent.CompletableFuture;

/** What a TaskManager tells the JobManager, over RPC. */
public interface JobManagerGateway {
    /** The name under which the process serves this gateway on its RPC server. */
    String ENDPOINT = "jobmanager";

    CompletableFuture<RegistrationResponse> registerTaskManager(TaskManagerRegistration registration);

    /** The TaskManager's heartbeat; refused (exceptionally) when the TaskManager is not registered. */
    CompletableFuture<Void> heartbeatFromTaskManager(String resourceId, int freeSlots);

    /** A task changed state. */
    CompletableFuture<Void> updateTaskState(TaskStateUpdate update);

    /** A task took its part of a checkpoint. */
    CompletableFuture<Void> acknowledgeCheckpoint(CheckpointAck ack);

    /** A task declined a checkpoint, or its input ended ({@link TaskCheckpointEvent}). */
    CompletableFuture<Void> taskCheckpointEvent(TaskCheckpointEvent event);
}
