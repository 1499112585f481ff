package dev.spindle.api.operators;

import dev.spindle.api.functions.CheckpointedFunction;
import dev.spindle.api.functions.Function;
import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.state.KeyedStateBackend;
import java.util.Objects;

/**
 * An operator around one user function; runs the function's life cycle if it has one.
 *
 * <p>Applied to a keyed stream ({@link #keyedBy}), a rich or checkpointed function may use keyed
 * state (through its {@code RuntimeContext} or its {@code FunctionInitializationContext}): the
 * operator then creates the keyed state backend in {@code open} and makes each record's key
 * current before the function sees the record. Other functions cannot reach keyed state, so they
 * pay nothing for the key. A {@link CheckpointedFunction} gets its {@code initializeState} before
 * its {@code open} and its {@code snapshotState} at every checkpoint.
 */
public abstract class UserFunctionOperator<F extends Function, OUT> extends AbstractOperator<OUT> {
    private static final long serialVersionUID = 1L;

    protected final F function;
    private KeySelector<Object, ?> keySelector;

    private transient KeyedStateBackend keyedState;

    protected UserFunctionOperator(F function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    public F function() {
        return function;
    }

    /**
     * Gives the function keyed state scoped to {@code keySelector}'s key of each record; for
     * operators applied to a {@code KeyedStream}. Before the job is built.
     */
    @SuppressWarnings("unchecked") // the operator's input records are what the selector takes
    public UserFunctionOperator<F, OUT> keyedBy(KeySelector<?, ?> keySelector) {
        this.keySelector = (KeySelector<Object, ?>) Objects.requireNonNull(keySelector, "keySelector");
        return this;
    }

    @Override
    public void open(OperatorContext context, Output<OUT> output) throws Exception {
        super.open(context, output);
        if (keySelector != null && (function instanceof RichFunction || function instanceof CheckpointedFunction)) {
            keyedState = context.keyedStateBackend(keySelector);
        }
        CheckpointedFunctions.initialize(function, context, keyedState != null);
        if (function instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
    }

    /** Makes {@code record}'s key current for the function's keyed state; call before the function sees it. */
    protected final void setKeyOf(Object record) throws Exception {
        if (keyedState != null) {
            keyedState.setCurrentKey(keySelector.getKey(record));
        }
    }

    /** A {@link CheckpointedFunction} keeps operator state. */
    @Override
    public boolean keepsOperatorState() {
        return function instanceof CheckpointedFunction;
    }

    /** Lets a {@link CheckpointedFunction} put its state into its stores. */
    @Override
    public void snapshotState(long checkpointId) throws Exception {
        CheckpointedFunctions.snapshot(function, checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
