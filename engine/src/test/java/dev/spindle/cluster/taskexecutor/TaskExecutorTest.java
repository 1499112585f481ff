package dev.spindle.cluster.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskDeployment;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.cluster.gateway.TaskStateUpdate;
import dev.spindle.config.Configuration;
import dev.spindle.graph.JobGraph;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.types.Types;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The TaskManager's task bookkeeping, with the JobManager replaced by a recorder. */
class TaskExecutorTest {

    /** Records the task states a TaskManager reports. */
    private static final class RecordingJobManager implements JobManagerGateway {
        final List<TaskStateUpdate> updates = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<RegistrationResponse> registerTaskManager(TaskManagerRegistration registration) {
            return CompletableFuture.completedFuture(new RegistrationResponse(true, null, 1000, 10_000));
        }

        @Override
        public CompletableFuture<Void> heartbeatFromTaskManager(String resourceId, int freeSlots) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> updateTaskState(TaskStateUpdate update) {
            updates.add(update);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> acknowledgeCheckpoint(dev.spindle.cluster.gateway.CheckpointAck ack) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> taskCheckpointEvent(dev.spindle.cluster.gateway.TaskCheckpointEvent event) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aTaskDeployedAfterItsJobWasCancelledIsReportedCanceledAndNeverRuns() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).addSink(v -> {});
        JobGraph graph = env.getJobGraph("endless");
        TaskDescriptor task =
                TaskDescriptor.forVertex(graph, graph.vertices().get(0)).get(0);
        TaskExecutor executor = new TaskExecutor("tm-1", 1, getClass().getClassLoader());
        RecordingJobManager jobManager = new RecordingJobManager();
        executor.connect(new LocalShuffleEnvironment(new Configuration()), jobManager);

        // The cancellation overtakes the deployment, as two RPCs may.
        executor.cancelJob(graph.jobId(), 0).get(5, TimeUnit.SECONDS);
        executor.submitTask(new TaskDeployment(task, 0, List.of(), List.of())).get(5, TimeUnit.SECONDS);

        Thread.sleep(100); // a task that had started would have reported more by now
        assertEquals(1, jobManager.updates.size(), jobManager.updates.toString());
        assertEquals(ExecutionState.CANCELED, jobManager.updates.get(0).state());
        assertEquals(1, executor.freeSlots(), "the slot stays free");
        executor.releaseJob(graph.jobId()).get(5, TimeUnit.SECONDS);
    }
}
