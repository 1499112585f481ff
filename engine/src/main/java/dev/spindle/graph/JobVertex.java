package dev.spindle.graph;

import java.util.List;
import java.util.Objects;

/**
 * A vertex of the job graph: a chain of operators that runs as one task per parallel instance.
 *
 * @param id unique in the graph
 * @param name e.g. {@code Source: words -> Tokenizer}
 * @param parallelism how many parallel tasks
 * @param maxParallelism the number of key groups of its operators' keyed state, and the upper
 *     bound of its parallelism where key groups matter: the operators' own max parallelism, or the
 *     job's ({@code pipeline.max-parallelism}) for operators without one
 * @param source whether the head of the chain is a source
 * @param bounded whether this vertex's input ends (for sources: the source is bounded)
 * @param operators the chained operators, head first
 */
public record JobVertex(
        int id,
        String name,
        int parallelism,
        int maxParallelism,
        boolean source,
        boolean bounded,
        List<ChainedOperator> operators) {

    public JobVertex {
        Objects.requireNonNull(name, "name");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "vertex '" + name + "': parallelism must be at least 1, was " + parallelism);
        }
        if (maxParallelism < 1 || maxParallelism > (1 << 15)) {
            throw new IllegalArgumentException(
                    "vertex '" + name + "': max parallelism must be in [1, 32768], was " + maxParallelism);
        }
        operators = List.copyOf(operators);
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("vertex '" + name + "' has no operators");
        }
    }

    /**
     * One operator of a chain.
     *
     * @param name the operator's name
     * @param operatorId what checkpoints and savepoints key its state by ({@link OperatorIds})
     * @param uid the uid the program gave it, or null
     * @param stateful whether it keeps state in checkpoints (a source's position, a sink's files,
     *     keyed state): such operators should have a uid
     * @param payload the serialized operator with its user functions ({@link UserCode})
     */
    public record ChainedOperator(String name, String operatorId, String uid, boolean stateful, byte[] payload) {
        public ChainedOperator {
            Objects.requireNonNull(name, "name");
            if (!OperatorIds.isValid(operatorId)) {
                throw new IllegalArgumentException("operator '" + name + "': '" + operatorId
                        + "' is not an operator id (32 lower-case hex digits)");
            }
            Objects.requireNonNull(payload, "payload");
        }

        /** An operator without uid whose id is random: for graphs built by hand (tests). */
        public ChainedOperator(String name, byte[] payload) {
            this(name, OperatorIds.fromUid("random:" + java.util.UUID.randomUUID()), null, false, payload);
        }
    }
}
