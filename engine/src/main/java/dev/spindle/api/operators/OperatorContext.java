package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.state.OperatorStateStore;
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
     * The operator state of this operator instance: lists that checkpoints and savepoints keep,
     * redistributed when a job resumes at another parallelism. Filled from the checkpoint or
     * savepoint the task is restored from, when that holds state of this operator.
     */
    OperatorStateStore operatorStateStore();

    /**
     * Whether this operator was restored from a checkpoint or savepoint that holds its state (its
     * operator id): then its {@link #operatorStateStore()} and keyed state hold what it had, and a
     * source reads on from its stored position instead of starting over. False on a fresh start,
     * and for an operator that the restored checkpoint does not know (added to the program since).
     */
    boolean isRestored();

    /** The id of the checkpoint the task is restored from, or -1 on a fresh start. */
    long restoredCheckpointId();

    /** True once the task is being cancelled; long loops in operators should check it. */
    boolean isCancelled();
}
