package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation ends a task promptly in the orders that a failing job produces: cancelled before
 * its thread runs, cancelled while it waits for a producer that will never register, deployed
 * after its job was cancelled. The partition registry would make such a task wait a minute.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TaskCancellationTest {

    /** A source of parallelism 2 whose records go, keyed, to 2 consumers: the consumers wait for both producers. */
    private static JobGraph keyedJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 1_000).keyBy(i -> i % 2).sum(0).addSink(v -> {});
        return env.getJobGraph("keyed");
    }

    private static TaskDescriptor firstConsumer(JobGraph graph) {
        JobVertex consumer = graph.vertices().get(graph.vertices().size() - 1);
        assertFalse(consumer.operators().isEmpty());
        TaskDescriptor d = TaskDescriptor.forVertex(graph, consumer).get(0);
        assertEquals(2, d.inputs().get(0).producerParallelism(), "the consumer reads both producers");
        return d;
    }

    /** The states a task reported, in order. */
    private static final class Recorder implements TaskListener {
        final List<ExecutionState> states = new CopyOnWriteArrayList<>();

        @Override
        public void stateChanged(TaskExecutionState state) {
            states.add(state.state());
        }

        /** Waits until a terminal state arrived; the test's timeout bounds it. */
        List<ExecutionState> awaitTerminal() throws InterruptedException {
            while (states.isEmpty() || !states.get(states.size() - 1).isTerminal()) {
                Thread.sleep(5);
            }
            return List.copyOf(states);
        }
    }

    @Test
    void aConsumerCancelledBeforeItsThreadRunsEndsCanceledWithoutWaitingForItsProducers() throws Exception {
        JobGraph graph = keyedJob();
        Recorder recorder = new Recorder();
        Task task = new Task(
                firstConsumer(graph),
                new LocalShuffleEnvironment(new Configuration()),
                getClass().getClassLoader(),
                recorder);
        // The job failed while this task's thread was being started: cancel() finds no thread to interrupt.
        task.cancel();
        Thread thread = new Thread(task, "Spindle task cancelled before it ran");
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(thread.isAlive(), "the task still runs (it waits for its producers' partitions)");
        assertEquals(List.of(ExecutionState.CANCELED), recorder.states);
    }

    @Test
    void aConsumerWaitingForAProducerThatNeverRegistersIsWokenByTheJobsCancellation() throws Exception {
        JobGraph graph = keyedJob();
        LocalTaskDeployer deployer = new LocalTaskDeployer();
        deployer.prepareJob(graph, getClass().getClassLoader(), List.of());
        Recorder recorder = new Recorder();
        TaskDescriptor consumer = firstConsumer(graph);
        deployer.deploy(consumer, recorder); // its producers are never deployed: they "failed before registering"
        Thread thread = taskThread(consumer);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1); // until it waits for a partition
        }
        deployer.cancelAll(graph.jobId());
        assertEquals(List.of(ExecutionState.RUNNING, ExecutionState.CANCELED), recorder.awaitTerminal());
        deployer.jobEnded(graph.jobId());
    }

    @Test
    void aTaskDeployedAfterItsJobWasCancelledEndsCanceled() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).addSink(v -> {}); // endless, and reads no partition
        JobGraph graph = env.getJobGraph("endless");
        LocalTaskDeployer deployer = new LocalTaskDeployer();
        deployer.prepareJob(graph, getClass().getClassLoader(), List.of());
        // The job master checked the job was running, then another thread failed the job before this deployment.
        deployer.cancelAll(graph.jobId());
        Recorder recorder = new Recorder();
        deployer.deploy(TaskDescriptor.forVertex(graph, graph.vertices().get(0)).get(0), recorder);
        assertEquals(List.of(ExecutionState.CANCELED), recorder.awaitTerminal());
        deployer.jobEnded(graph.jobId());
    }

    private static Thread taskThread(TaskDescriptor d) throws InterruptedException {
        String name = "Spindle task " + d.taskName();
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name)) {
                    return t;
                }
            }
            Thread.sleep(1);
        }
    }
}
