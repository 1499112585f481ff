package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.checkpoint.OperatorSnapshot;
import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.StateHandle;
import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.state.OperatorStateRedistribution;
import dev.spindle.state.OperatorStateSnapshot;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands the state of a checkpoint or savepoint to the tasks of a job, by operator id: the state of
 * an operator goes to the operator with the same id wherever it sits now (another chain, another
 * vertex) and at whatever parallelism it runs now. Keyed state goes by key group: a new subtask
 * reads the state files of every old subtask whose key groups overlap its own (the files hold
 * their key groups' entries and the reader keeps those in its range). Operator state goes by
 * {@link OperatorStateRedistribution}. At the same parallelism every subtask gets exactly its own
 * old state. Key groups are those of each operator's own max parallelism, which keyed state keeps:
 * the operator must have the one it had when the checkpoint was taken.
 */
final class StateAssignment {
    private final Map<String, List<Old>> byOperator = new HashMap<>();
    private final long checkpointId;

    /** One old subtask's state of one operator. */
    private record Old(
            int subtaskIndex, int parallelism, int maxParallelism, boolean finished, OperatorSnapshot snapshot) {}

    private StateAssignment(CompletedCheckpoint checkpoint) {
        this.checkpointId = checkpoint.checkpointId();
        for (TaskSnapshot task : checkpoint.tasks()) {
            for (OperatorSnapshot op : task.operators()) {
                byOperator
                        .computeIfAbsent(op.operatorId(), id -> new ArrayList<>())
                        .add(new Old(
                                task.subtaskIndex(), task.parallelism(), task.maxParallelism(), task.finished(), op));
            }
        }
        for (List<Old> olds : byOperator.values()) {
            olds.sort((a, b) -> Integer.compare(a.subtaskIndex(), b.subtaskIndex()));
        }
    }

    /**
     * Checks that {@code checkpoint} can be restored into {@code graph}: every operator whose state
     * it holds is in the graph (unless {@code allowNonRestored}), and the keyed state of each
     * operator has the max parallelism the operator has in the graph.
     *
     * @param source what the user named (the savepoint's path), for the messages
     */
    static StateAssignment check(
            JobGraph graph, CompletedCheckpoint checkpoint, boolean allowNonRestored, String source)
            throws SavepointException {
        StateAssignment assignment = new StateAssignment(checkpoint);
        Map<String, JobVertex> vertexOf = new HashMap<>();
        Map<String, JobVertex.ChainedOperator> operators = new HashMap<>();
        for (JobVertex v : graph.vertices()) {
            for (JobVertex.ChainedOperator op : v.operators()) {
                vertexOf.put(op.operatorId(), v);
                operators.put(op.operatorId(), op);
            }
        }
        Set<String> inGraph = vertexOf.keySet();
        Set<String> unclaimed = new TreeSet<>();
        for (Map.Entry<String, List<Old>> e : assignment.byOperator.entrySet()) {
            boolean hasState = e.getValue().stream()
                    .anyMatch(o ->
                            o.snapshot().operatorState() != null || o.snapshot().keyedState() != null);
            if (hasState && !inGraph.contains(e.getKey())) {
                unclaimed.add(e.getKey());
            }
            Old keyed = e.getValue().stream()
                    .filter(o -> o.snapshot().keyedState() != null)
                    .findFirst()
                    .orElse(null);
            JobVertex vertex = vertexOf.get(e.getKey());
            if (keyed != null && vertex != null && keyed.maxParallelism() != vertex.maxParallelism()) {
                throw maxParallelismChanged(operators.get(e.getKey()), keyed.maxParallelism(), vertex, source);
            }
        }
        if (!unclaimed.isEmpty() && !allowNonRestored) {
            throw new SavepointException(source + " holds state of operators that are not in this job (operator ids "
                    + String.join(", ", unclaimed) + "); give the job's operators the uids they had, or start with "
                    + "--allowNonRestoredState (execution.savepoint.ignore-unclaimed-state) to drop that state");
        }
        return assignment;
    }

    private static SavepointException maxParallelismChanged(
            JobVertex.ChainedOperator op, int written, JobVertex vertex, String source) {
        return new SavepointException("the keyed state of operator '" + op.name() + "' (operator id "
                + op.operatorId() + (op.uid() == null ? "" : ", uid '" + op.uid() + "'") + ") in " + source
                + " has max parallelism " + written + ", but the operator now has max parallelism "
                + vertex.maxParallelism() + "; keyed state keeps its max parallelism: give that operator "
                + "setMaxParallelism(" + written + ") (or, if it sets none, set pipeline.max-parallelism to " + written
                + ")");
    }

    /** The restore of every subtask of {@code graph}'s vertices, by vertex id and subtask index. */
    static Map<Integer, List<TaskDescriptor.TaskRestore>> assign(JobGraph graph, CompletedCheckpoint checkpoint) {
        StateAssignment assignment = new StateAssignment(checkpoint);
        Map<Integer, List<TaskDescriptor.TaskRestore>> result = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            result.put(v.id(), assignment.assignVertex(v));
        }
        return result;
    }

    private List<TaskDescriptor.TaskRestore> assignVertex(JobVertex v) {
        int p = v.parallelism();
        // Per chained operator, per new subtask.
        List<List<TaskDescriptor.OperatorRestore>> perOperator = new ArrayList<>();
        boolean anyRestored = false;
        boolean allFinished = true;
        for (JobVertex.ChainedOperator op : v.operators()) {
            List<Old> olds = byOperator.get(op.operatorId());
            if (olds == null) {
                perOperator.add(Collections.nCopies(p, TaskDescriptor.OperatorRestore.NONE));
                continue;
            }
            anyRestored = true;
            allFinished &= olds.stream().allMatch(Old::finished);
            perOperator.add(assignOperator(olds, p, v.maxParallelism(), op.name()));
        }
        List<TaskDescriptor.TaskRestore> restores = new ArrayList<>(p);
        for (int s = 0; s < p; s++) {
            List<TaskDescriptor.OperatorRestore> ops = new ArrayList<>();
            for (List<TaskDescriptor.OperatorRestore> perSubtask : perOperator) {
                ops.add(perSubtask.get(s));
            }
            restores.add(new TaskDescriptor.TaskRestore(checkpointId, anyRestored && allFinished, ops));
        }
        return restores;
    }

    private List<TaskDescriptor.OperatorRestore> assignOperator(
            List<Old> olds, int p, int maxParallelism, String name) {
        int oldParallelism = olds.get(0).parallelism();
        List<OperatorStateSnapshot> oldStates = new ArrayList<>(Collections.nCopies(oldParallelism, null));
        for (Old o : olds) {
            byte[] bytes = o.snapshot().operatorState();
            if (bytes != null && o.subtaskIndex() < oldParallelism) {
                try {
                    oldStates.set(o.subtaskIndex(), OperatorStateSnapshot.fromBytes(bytes));
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "cannot read the operator state of '" + name + "' in checkpoint " + checkpointId + ": "
                                    + e.getMessage(),
                            e);
                }
            }
        }
        List<OperatorStateSnapshot> newStates = OperatorStateRedistribution.redistribute(oldStates, p);
        List<TaskDescriptor.OperatorRestore> result = new ArrayList<>(p);
        for (int s = 0; s < p; s++) {
            List<StateHandle> keyed = new ArrayList<>();
            for (Old o : olds) {
                StateHandle handle = o.snapshot().keyedState();
                if (handle != null) {
                    // Only operators with keyed state run within their max parallelism, which check()
                    // found unchanged.
                    KeyGroupRange range = KeyHashing.rangeForOperator(maxParallelism, p, s);
                    KeyGroupRange old =
                            KeyHashing.rangeForOperator(o.maxParallelism(), o.parallelism(), o.subtaskIndex());
                    if (overlaps(range, old)) {
                        keyed.add(handle);
                    }
                }
            }
            OperatorStateSnapshot state = newStates.get(s);
            result.add(new TaskDescriptor.OperatorRestore(true, state.isEmpty() ? null : state.toBytes(), keyed));
        }
        return result;
    }

    private static boolean overlaps(KeyGroupRange a, KeyGroupRange b) {
        return a.start() <= b.endInclusive() && b.start() <= a.endInclusive();
    }
}
