package dev.spindle.jobmanager;

import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskExecutionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tasks of a job's current attempt as its {@link JobMaster} tracks them: the state of every
 * subtask, how many have started and how many have ended, and the counters of those that ended.
 * Kept apart from the job master so that it holds the job's life cycle and this the bookkeeping
 * of its tasks.
 *
 * <p>Not thread-safe: the job master uses it under its lock.
 */
final class AttemptTasks {
    private final JobGraph graph;
    private final Map<Integer, ExecutionState[]> states = new HashMap<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private final int total;
    private int ended;
    /** Tasks that have reached RUNNING (or FINISHED straight away). */
    private int started;

    private long allRunningMillis = -1;

    AttemptTasks(JobGraph graph) {
        this.graph = graph;
        int n = 0;
        for (JobVertex v : graph.vertices()) {
            ExecutionState[] s = new ExecutionState[v.parallelism()];
            Arrays.fill(s, ExecutionState.CREATED);
            states.put(v.id(), s);
            n += v.parallelism();
        }
        this.total = n;
    }

    /**
     * Records a report of a task of this attempt. With {@code consequence} (the job is being
     * cancelled or restarted) a failure is recorded as CANCELED: the task failed only because a
     * peer was cancelled first.
     *
     * @return the state recorded; null when the task is unknown or has reported its terminal
     *     state already (a task reports one)
     */
    ExecutionState record(TaskExecutionState s, boolean consequence) {
        ExecutionState[] vertex = states.get(s.vertexId());
        if (vertex == null
                || s.subtaskIndex() < 0
                || s.subtaskIndex() >= vertex.length
                || vertex[s.subtaskIndex()].isTerminal()) {
            return null;
        }
        ExecutionState state = s.state() == ExecutionState.FAILED && consequence ? ExecutionState.CANCELED : s.state();
        ExecutionState previous = vertex[s.subtaskIndex()];
        vertex[s.subtaskIndex()] = state;
        if ((previous == ExecutionState.CREATED || previous == ExecutionState.DEPLOYING)
                && (state == ExecutionState.RUNNING || state == ExecutionState.FINISHED)
                && ++started == total) {
            allRunningMillis = System.currentTimeMillis();
        }
        if (state.isTerminal()) {
            s.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            ended++;
        }
        return state;
    }

    boolean allStarted() {
        return started == total;
    }

    boolean allEnded() {
        return ended == total;
    }

    /** When every task had started running (in any attempt so far), or -1 until then. */
    long allRunningMillis() {
        return allRunningMillis;
    }

    /** The counters of the tasks that ended, summed by name. */
    Map<String, Long> counters() {
        return counters;
    }

    /** A new attempt starts: every task is CREATED again, none has started or ended, no counters. */
    void reset() {
        for (ExecutionState[] s : states.values()) {
            Arrays.fill(s, ExecutionState.CREATED);
        }
        ended = 0;
        started = 0;
        counters.clear();
    }

    /** Every vertex with the number of its tasks in each state, for clients. */
    List<JobDetails.VertexDetails> vertexDetails() {
        List<JobDetails.VertexDetails> vertices = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            Map<String, Integer> perState = new TreeMap<>();
            for (ExecutionState s : states.get(v.id())) {
                perState.merge(s.name(), 1, Integer::sum);
            }
            vertices.add(new JobDetails.VertexDetails(v.id(), v.name(), v.parallelism(), v.maxParallelism(), perState));
        }
        return vertices;
    }
}
