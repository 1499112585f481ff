package dev.spindle.checkpoint;

import java.util.List;

/**
 * The state of one subtask in one checkpoint.
 *
 * @param vertexId the job vertex
 * @param subtaskIndex the subtask
 * @param finished true when the task had processed all its input before the checkpoint: a task
 *     restored from it emits nothing more (its operators still restore their state, so that a sink
 *     commits what it had pending)
 * @param operators one entry per chained operator, in chain order
 */
public record TaskSnapshot(int vertexId, int subtaskIndex, boolean finished, List<OperatorSnapshot> operators) {
    public TaskSnapshot {
        operators = List.copyOf(operators);
    }

    /** The state files this snapshot names. */
    public List<StateHandle> stateFiles() {
        return operators.stream()
                .map(OperatorSnapshot::keyedState)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
