package dev.spindle.api.functions;

import dev.spindle.api.state.KeyedStateStore;
import dev.spindle.api.state.OperatorStateStore;

/**
 * What {@link CheckpointedFunction#initializeState} gets: the function's states and whether they
 * are restored.
 */
public interface FunctionInitializationContext {
    /**
     * Whether the task was restored from a checkpoint or savepoint that holds this operator's
     * state: then the states hold what they held at that checkpoint.
     */
    boolean isRestored();

    /** The operator (non-keyed) state of this parallel instance. */
    OperatorStateStore getOperatorStateStore();

    /** The keyed state, scoped to each record's key; null when the function is not applied to a keyed stream. */
    KeyedStateStore getKeyedStateStore();
}
