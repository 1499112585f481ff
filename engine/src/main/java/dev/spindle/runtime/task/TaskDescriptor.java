package dev.spindle.runtime.task;

import dev.spindle.checkpoint.StateHandle;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.Partitioning;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one parallel task needs to run: which vertex and subtask it is, its operators, and
 * where its inputs come from and its outputs go. Built from the job graph by the job master and
 * handed to whoever runs tasks (a thread here, a TaskManager later).
 *
 * <p>{@code attempt} counts the job's restarts: every task of a restarted job runs as the next
 * attempt, and exchanges are named by attempt so that no task reads data of an earlier one.
 * {@code restore} is the checkpointed state the task starts from, or null on a fresh start.
 * {@code maxParallelism} is its vertex's ({@link JobVertex#maxParallelism}): the number of key
 * groups of its keyed state.
 */
public record TaskDescriptor(
        JobId jobId,
        String jobName,
        int vertexId,
        String vertexName,
        int subtaskIndex,
        int parallelism,
        int maxParallelism,
        RuntimeExecutionMode runtimeMode,
        Map<String, String> configuration,
        List<JobVertex.ChainedOperator> operators,
        boolean source,
        List<InputSpec> inputs,
        List<OutputSpec> outputs,
        int attempt,
        TaskRestore restore) {

    public TaskDescriptor {
        Objects.requireNonNull(jobId, "jobId");
        if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IllegalArgumentException("subtask " + subtaskIndex + " outside parallelism " + parallelism);
        }
        configuration = Map.copyOf(configuration);
        operators = List.copyOf(operators);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** This task as the given attempt of the job, restored from {@code restore} (null: from scratch). */
    public TaskDescriptor forAttempt(int attempt, TaskRestore restore) {
        return new TaskDescriptor(
                jobId,
                jobName,
                vertexId,
                vertexName,
                subtaskIndex,
                parallelism,
                maxParallelism,
                runtimeMode,
                configuration,
                operators,
                source,
                inputs,
                outputs,
                attempt,
                restore);
    }

    /**
     * The state a task is restored from, as the JobMaster assigned it to this subtask (after a
     * rescale, from several old subtasks).
     *
     * @param checkpointId the checkpoint or savepoint
     * @param finished whether the task had ended its input before the checkpoint: a restored
     *     source then emits nothing more
     * @param operators one per chained operator, in chain order
     */
    public record TaskRestore(long checkpointId, boolean finished, List<OperatorRestore> operators) {
        public TaskRestore {
            operators = List.copyOf(operators);
        }

        /** The restore of chained operator {@code index}; {@link OperatorRestore#NONE} when there is none. */
        public OperatorRestore operator(int index) {
            return index < operators.size() ? operators.get(index) : OperatorRestore.NONE;
        }
    }

    /**
     * What one chained operator is restored from.
     *
     * @param restored whether the checkpoint holds this operator's state (by its operator id)
     * @param operatorState its operator state ({@link dev.spindle.state.OperatorStateSnapshot}'s
     *     bytes) for this subtask, or null for none
     * @param keyedState the keyed state files that hold key groups of this subtask's range (one at
     *     the same parallelism, several after a rescale)
     */
    public record OperatorRestore(boolean restored, byte[] operatorState, List<StateHandle> keyedState) {
        public static final OperatorRestore NONE = new OperatorRestore(false, null, List.of());

        public OperatorRestore {
            keyedState = List.copyOf(keyedState);
        }
    }

    /** {@code vertexName (i/p)}, the name used in logs and failures. */
    public String taskName() {
        return vertexName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")";
    }

    /**
     * One input edge.
     *
     * @param edgeId the edge
     * @param producerParallelism how many producers feed it
     * @param partitioning its distribution; FORWARD reads only the producer of the same index
     * @param typePayload the serialized record type
     */
    public record InputSpec(int edgeId, int producerParallelism, Partitioning.Kind partitioning, byte[] typePayload) {}

    /**
     * One output edge.
     *
     * @param edgeId the edge
     * @param consumerParallelism how many consumers read it
     * @param consumerMaxParallelism the consumers' max parallelism: a HASH edge computes key groups
     *     with it, so that a record reaches the subtask that owns its key group (as in Flink)
     * @param partitioning its distribution
     * @param keySelectorPayload for HASH, the serialized key selector
     * @param typePayload the serialized record type
     */
    public record OutputSpec(
            int edgeId,
            int consumerParallelism,
            int consumerMaxParallelism,
            Partitioning.Kind partitioning,
            byte[] keySelectorPayload,
            byte[] typePayload) {

        /** FORWARD edges have one subpartition per producer; the others one per consumer. */
        public int numSubpartitions() {
            return partitioning == Partitioning.Kind.FORWARD ? 1 : consumerParallelism;
        }
    }

    /** The descriptors of every subtask of {@code vertex}. */
    public static List<TaskDescriptor> forVertex(JobGraph graph, JobVertex vertex) {
        List<InputSpec> inputs = new ArrayList<>();
        for (JobEdge e : graph.inputsOf(vertex.id())) {
            inputs.add(
                    new InputSpec(e.id(), graph.vertex(e.source()).parallelism(), e.partitioning(), e.typePayload()));
        }
        List<OutputSpec> outputs = new ArrayList<>();
        for (JobEdge e : graph.outputsOf(vertex.id())) {
            JobVertex consumer = graph.vertex(e.target());
            outputs.add(new OutputSpec(
                    e.id(),
                    consumer.parallelism(),
                    consumer.maxParallelism(),
                    e.partitioning(),
                    e.keySelectorPayload(),
                    e.typePayload()));
        }
        List<TaskDescriptor> result = new ArrayList<>();
        for (int i = 0; i < vertex.parallelism(); i++) {
            result.add(new TaskDescriptor(
                    graph.jobId(),
                    graph.name(),
                    vertex.id(),
                    vertex.name(),
                    i,
                    vertex.parallelism(),
                    vertex.maxParallelism(),
                    graph.runtimeMode(),
                    graph.configuration(),
                    vertex.operators(),
                    vertex.source(),
                    inputs,
                    outputs,
                    0,
                    null));
        }
        return result;
    }

    /** This task's metric group in {@code taskManager}'s (where the TaskManager registers its tasks' metrics). */
    public TaskMetricGroup addMetricGroup(TaskManagerMetricGroup taskManager) {
        return taskManager.addTask(
                jobId.toString(), jobName, Integer.toString(vertexId), vertexName, subtaskIndex, attempt);
    }
}
