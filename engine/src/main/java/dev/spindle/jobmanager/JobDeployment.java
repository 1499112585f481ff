package dev.spindle.jobmanager;

import dev.spindle.api.operators.GlobalInitHook;
import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.UserCode;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.runtime.task.TaskListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Puts a {@link JobMaster}'s job onto the cluster: initializes its operators globally, makes a
 * descriptor for every subtask, prepares the {@link TaskDeployer}, and deploys the tasks of an
 * attempt, each with the state that the restored checkpoint assigns to it ({@link
 * StateAssignment}). Kept apart from the job master so that the job master decides the job's state
 * and this class only carries out deployments.
 *
 * <p>Threading: on the thread that starts the job or on the job's timer thread, never under the
 * job master's lock (preparing waits for slots, deploying may wait for a TaskManager).
 */
final class JobDeployment {
    private final JobGraph graph;
    private final ClassLoader userClassLoader;
    private final List<Path> userJars;
    private final TaskDeployer deployer;

    JobDeployment(JobGraph graph, ClassLoader userClassLoader, List<Path> userJars, TaskDeployer deployer) {
        this.graph = graph;
        this.userClassLoader = userClassLoader;
        this.userJars = List.copyOf(userJars);
        this.deployer = deployer;
    }

    /**
     * Initializes the job's operators globally (not for a job that resumes from a savepoint or
     * checkpoint: its state describes the output so far, e.g. a file sink's part files, which a fresh
     * start would clear); returns a descriptor of every subtask.
     */
    List<TaskDescriptor> prepareTasks() throws Exception {
        String resumesFrom = graph.configuration().get(dev.spindle.config.CheckpointingOptions.SAVEPOINT_PATH.key());
        boolean resumes = resumesFrom != null && !resumesFrom.isBlank();
        for (JobVertex v : resumes ? List.<JobVertex>of() : graph.vertices()) {
            for (JobVertex.ChainedOperator op : v.operators()) {
                Object operator = UserCode.deserialize(op.payload(), userClassLoader, Object.class);
                if (operator instanceof GlobalInitHook hook) {
                    hook.initializeGlobal(v.parallelism());
                }
            }
        }
        List<TaskDescriptor> all = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            all.addAll(TaskDescriptor.forVertex(graph, v));
        }
        return all;
    }

    /** Prepares the deployer for the job (with a cluster deployer, waits for slots). */
    void prepareDeployer() throws Exception {
        deployer.prepareJob(graph, userClassLoader, userJars);
    }

    /**
     * Deploys {@code descriptors} as attempt {@code attempt}, restored from {@code restore} (or
     * not). While {@code deploying} is false (the job is failing, restarting again or cancelled)
     * the rest is never started: reported CANCELED to {@code listener}; a task that cannot be
     * deployed is reported FAILED.
     */
    void deploy(
            List<TaskDescriptor> descriptors,
            int attempt,
            CompletedCheckpoint restore,
            TaskListener listener,
            BooleanSupplier deploying) {
        Map<Integer, List<TaskDescriptor.TaskRestore>> restores =
                restore == null ? null : StateAssignment.assign(graph, restore);
        for (TaskDescriptor base : descriptors) {
            TaskDescriptor d = base.forAttempt(
                    attempt,
                    restores == null ? null : restores.get(base.vertexId()).get(base.subtaskIndex()));
            try {
                if (!deploying.getAsBoolean()) {
                    listener.stateChanged(state(d, ExecutionState.CANCELED, null));
                    continue;
                }
                deployer.deploy(d, listener);
            } catch (Exception e) {
                listener.stateChanged(state(
                        d,
                        ExecutionState.FAILED,
                        new IllegalStateException("could not deploy " + d.taskName() + ": " + e.getMessage(), e)));
            }
        }
    }

    private static TaskExecutionState state(TaskDescriptor d, ExecutionState state, Throwable failure) {
        return new TaskExecutionState(d.jobId(), d.vertexId(), d.subtaskIndex(), state, failure, Map.of(), d.attempt());
    }
}
