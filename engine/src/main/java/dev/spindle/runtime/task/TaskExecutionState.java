package dev.spindle.runtime.task;

import dev.spindle.core.JobId;
import java.util.Map;

/**
 * A task's report of a state change.
 *
 * @param jobId the job
 * @param vertexId the task's vertex
 * @param subtaskIndex the task's subtask
 * @param state the new state
 * @param failure the cause, for FAILED; otherwise null
 * @param counters the task's counters, for terminal states (record counts and user counters)
 * @param attempt the job attempt the task ran in (see {@link TaskDescriptor#attempt()})
 */
public record TaskExecutionState(
        JobId jobId,
        int vertexId,
        int subtaskIndex,
        ExecutionState state,
        Throwable failure,
        Map<String, Long> counters,
        int attempt) {

    /** A report of a task of the job's first attempt. */
    public TaskExecutionState(
            JobId jobId,
            int vertexId,
            int subtaskIndex,
            ExecutionState state,
            Throwable failure,
            Map<String, Long> counters) {
        this(jobId, vertexId, subtaskIndex, state, failure, counters, 0);
    }
}
