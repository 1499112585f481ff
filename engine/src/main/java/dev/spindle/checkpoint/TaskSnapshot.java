package dev.spindle.checkpoint;

import java.util.List;

/**
 * The state of one subtask in one checkpoint.
 *
 * @param vertexId the job vertex
 * @param subtaskIndex the subtask
 * @param parallelism the vertex's parallelism when the checkpoint was taken
 * @param maxParallelism the vertex's max parallelism then: the number of key groups its keyed state
 *     is split into, which a restore must keep
 * @param finished true when the task had processed all its input before the checkpoint: a task
 *     restored from it emits nothing more (its operators still restore their state, so that a sink
 *     commits what it had pending)
 * @param operators one entry per chained operator, in chain order
 */
public record TaskSnapshot(
        int vertexId,
        int subtaskIndex,
        int parallelism,
        int maxParallelism,
        boolean finished,
        List<OperatorSnapshot> operators) {
    public TaskSnapshot {
        if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IllegalArgumentException("subtask " + subtaskIndex + " outside parallelism " + parallelism);
        }
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism must be positive, was " + maxParallelism);
        }
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
