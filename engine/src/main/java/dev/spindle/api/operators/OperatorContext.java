package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.config.Configuration;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.KeyedStateBackend;

/** What the task gives an operator: where it runs, its configuration and its keyed state. */
public interface OperatorContext {

    /** The context handed to user functions of this operator. */
    RuntimeContext runtimeContext();

    RuntimeExecutionMode runtimeMode();

    Configuration configuration();

    int subtaskIndex();

    int parallelism();

    int maxParallelism();

    /**
     * Creates the keyed state of this operator, holding the key groups of this subtask. Only
     * operators fed through a hash exchange (after {@code keyBy}) may call it, once.
     */
    <K> KeyedStateBackend keyedStateBackend(KeySelector<?, K> keySelector);

    /** True once the task is being cancelled; long loops in operators should check it. */
    boolean isCancelled();
}
