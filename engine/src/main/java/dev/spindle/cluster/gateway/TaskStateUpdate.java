package dev.spindle.cluster.gateway;

import dev.spindle.core.JobId;
import dev.spindle.runtime.task.ExecutionState;
import java.util.Map;
import java.util.Objects;

/**
 * A task's state change as it crosses the wire: the failure travels as text (class, message,
 * stack trace), never as a serialized exception.
 *
 * @param jobId the job
 * @param vertexId the vertex
 * @param subtaskIndex the subtask
 * @param state the new state
 * @param failureClass the failure's class name, for FAILED; else null
 * @param failureMessage the failure's message, or null
 * @param failureTrace the failure's stack trace with causes, or null
 * @param counters the task's counters, for terminal states
 * @param attempt the job attempt the task ran in
 */
public record TaskStateUpdate(
        JobId jobId,
        int vertexId,
        int subtaskIndex,
        ExecutionState state,
        String failureClass,
        String failureMessage,
        String failureTrace,
        Map<String, Long> counters,
        int attempt) {
    public TaskStateUpdate {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
        counters = Map.copyOf(counters);
    }
}
