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

    /**
     * Whether the job takes checkpoints (STREAMING with a checkpoint interval). Then effects that
     * must not repeat after a restore wait for {@link StreamOperator#notifyCheckpointComplete}; in
     * BATCH mode and without checkpoints they happen in {@link StreamOperator#finish}.
     */
    boolean checkpointingEnabled();

    /**
     * What this operator's {@link StreamOperator#snapshotState} returned in the checkpoint the task
     * is restored from; null on a fresh start or when the operator kept no state. Available from
     * {@code open} on.
     */
    byte[] restoredOperatorState();

    /** The id of the checkpoint the task is restored from, or -1 on a fresh start. */
    long restoredCheckpointId();

    /** True once the task is being cancelled; long loops in operators should check it. */
    boolean isCancelled();
}
