package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.state.KeyedStateBackend;
import java.util.Objects;

/** Runs a {@link KeyedProcessFunction} with the keyed state of each record's key. */
public final class KeyedProcessOperator<K, I, O> extends AbstractOperator<O>
        implements OneInputOperator<I, O>, KeyedProcessFunction.Context<K> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<I, K> keySelector;
    private final KeyedProcessFunction<K, I, O> function;

    private transient KeyedStateBackend backend;
    private transient K currentKey;

    public KeyedProcessOperator(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function) {
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector");
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public void open(OperatorContext context, Output<O> output) throws Exception {
        super.open(context, output);
        backend = context.keyedStateBackend(keySelector);
        function.setRuntimeContext(context.runtimeContext());
        CheckpointedFunctions.initialize(function, context, true);
        function.open(context.runtimeContext());
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        CheckpointedFunctions.snapshot(function, checkpointId);
    }

    @Override
    public void processElement(I record) throws Exception {
        currentKey = keySelector.getKey(record);
        backend.setCurrentKey(currentKey);
        function.processElement(record, this, output);
    }

    @Override
    public K getCurrentKey() {
        return currentKey;
    }

    @Override
    public void close() throws Exception {
        function.close();
    }
}
