package dev.spindle.cluster.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.gateway.FencingTokenException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The TaskManager's task bookkeeping, with the JobManager replaced by a recorder. */
class TaskExecutorTest {

    /** Records the task states a TaskManager reports. */
    private static final class RecordingJobManager implements JobManagerGateway {
        final List<TaskStateUpdate> updates = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<RegistrationResponse> registerTaskManager(TaskManagerRegistration registration) {
            return CompletableFuture.completedFuture(new RegistrationResponse(true, null, 1000, 10_000, "leader-1"));
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
        executor.connect(new LocalShuffleEnvironment(new Configuration()), jobManager, "leader-1");

        // The cancellation overtakes the deployment, as two RPCs may.
        executor.cancelJob("leader-1", graph.jobId(), 0).get(5, TimeUnit.SECONDS);
        executor.submitTask("leader-1", new TaskDeployment(task, 0, List.of(), List.of()))
                .get(5, TimeUnit.SECONDS);

        Thread.sleep(100); // a task that had started would have reported more by now
        assertEquals(1, jobManager.updates.size(), jobManager.updates.toString());
        assertEquals(ExecutionState.CANCELED, jobManager.updates.get(0).state());
        assertEquals(1, executor.freeSlots(), "the slot stays free");
        executor.releaseJob("leader-1", graph.jobId()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsWithAnotherLeadershipsTokenAreRefusedAndChangeNothing() throws Exception {
        JobGraph graph = endless();
        TaskDescriptor task =
                TaskDescriptor.forVertex(graph, graph.vertices().get(0)).get(0);
        TaskExecutor executor = new TaskExecutor("tm-1", 1, getClass().getClassLoader());
        RecordingJobManager jobManager = new RecordingJobManager();
        executor.connect(new LocalShuffleEnvironment(new Configuration()), jobManager, "leader-2");

        List<CompletableFuture<?>> calls = List.of(
                executor.submitTask("leader-1", new TaskDeployment(task, 0, List.of(), List.of())),
                executor.cancelJob("leader-1", graph.jobId(), 0),
                executor.triggerCheckpoint(
                        "leader-1", graph.jobId(), 0, 1, 0, dev.spindle.checkpoint.CheckpointOptions.CHECKPOINT),
                executor.notifyCheckpointComplete("leader-1", graph.jobId(), 0, 1),
                executor.releaseJob("leader-1", graph.jobId()),
                executor.heartbeat("leader-1", 1),
                executor.heartbeat(null, 1));
        for (CompletableFuture<?> call : calls) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
            FencingTokenException refused = assertInstanceOf(FencingTokenException.class, e.getCause());
            assertTrue(refused.getMessage().contains("serves leader-2"), refused.getMessage());
        }
        assertEquals(1, executor.freeSlots(), "nothing was deployed");
        assertTrue(jobManager.updates.isEmpty(), jobManager.updates.toString());
    }

    @Test
    void aTaskManagerThatLetGoOfItsLeaderRunsTheSameJobAgainForTheNextOne() throws Exception {
        JobGraph graph = endless();
        TaskDescriptor task =
                TaskDescriptor.forVertex(graph, graph.vertices().get(0)).get(0);
        TaskExecutor executor = new TaskExecutor("tm-1", 1, getClass().getClassLoader());
        RecordingJobManager old = new RecordingJobManager();
        executor.connect(new LocalShuffleEnvironment(new Configuration()), old, "leader-1");
        executor.submitTask("leader-1", new TaskDeployment(task, 0, List.of(), List.of()))
                .get(5, TimeUnit.SECONDS);
        assertEquals(0, executor.freeSlots());

        executor.disconnectJobManager();
        awaitCanceled(old);
        assertThrows(
                ExecutionException.class,
                () -> executor.heartbeat("leader-1", 2).get());

        // The next leader deploys the job's attempt 0 again: it starts, and reports to the new leader.
        RecordingJobManager next = new RecordingJobManager();
        executor.connect(new LocalShuffleEnvironment(new Configuration()), next, "leader-2");
        executor.submitTask("leader-2", new TaskDeployment(task, 0, List.of(), List.of()))
                .get(5, TimeUnit.SECONDS);
        assertEquals(0, executor.freeSlots(), "the recovered job's task runs");
        executor.cancelJob("leader-2", graph.jobId(), 0).get(5, TimeUnit.SECONDS);
        awaitCanceled(next);
        executor.releaseJob("leader-2", graph.jobId()).get(5, TimeUnit.SECONDS);
    }

    /** The JobManager may call as soon as it accepted the registration, before its answer (the token) arrived. */
    @Test
    void aCallThatOvertakesTheRegistrationsAnswerWaitsForTheToken() throws Exception {
        TaskExecutor executor = new TaskExecutor("tm-1", 1, getClass().getClassLoader());
        CompletableFuture<CompletableFuture<Integer>> call =
                CompletableFuture.supplyAsync(() -> executor.heartbeat("leader-1", 1));
        Thread.sleep(100);
        executor.connect(new LocalShuffleEnvironment(new Configuration()), new RecordingJobManager(), "leader-1");
        assertEquals(1, call.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS), "accepted, one free slot");
    }

    private static JobGraph endless() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).addSink(v -> {});
        return env.getJobGraph("endless");
    }

    private static void awaitCanceled(RecordingJobManager jm) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (jm.updates.stream().noneMatch(u -> u.state() == ExecutionState.CANCELED)) {
            assertTrue(System.currentTimeMillis() < deadline, "no CANCELED report: " + jm.updates);
            Thread.sleep(10);
        }
    }
}
