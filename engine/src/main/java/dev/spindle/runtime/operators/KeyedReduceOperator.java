package dev.spindle.runtime.operators;

import dev.spindle.api.RuntimeExecutionMode;
import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.types.TypeInfo;
import java.util.Objects;

/**
 * Reduces the records of each key with keyed state. STREAMING emits the new value after every
 * record; BATCH emits one final value per key when the input ends.
 */
public final class KeyedReduceOperator<K, T> extends AbstractOperator<T> implements OneInputOperator<T, T> {
    private static final long serialVersionUID = 1L;
    private static final String STATE_NAME = "reduce";

    private final KeySelector<T, K> keySelector;
    private final ReduceFunction<T> reducer;
    private final TypeInfo<T> type;

    private transient KeyedStateBackend backend;
    private transient ValueState<T> state;
    private transient boolean batch;

    public KeyedReduceOperator(KeySelector<T, K> keySelector, ReduceFunction<T> reducer, TypeInfo<T> type) {
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector");
        this.reducer = Objects.requireNonNull(reducer, "reducer");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The sending-side pre-aggregation of this reduce, for BATCH mode. */
    public CombineOperator<K, T> combiner(int maxKeys) {
        return new CombineOperator<>(keySelector, reducer, maxKeys);
    }

    @Override
    public void open(OperatorContext context, Output<T> output) throws Exception {
        super.open(context, output);
        backend = context.keyedStateBackend(keySelector);
        state = backend.valueState(new ValueStateDescriptor<>(STATE_NAME, type));
        batch = context.runtimeMode() == RuntimeExecutionMode.BATCH;
        if (reducer instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
    }

    @Override
    public void processElement(T record) throws Exception {
        backend.setCurrentKey(keySelector.getKey(record));
        T current = state.value();
        T next = current == null ? record : reducer.reduce(current, record);
        state.update(next);
        if (!batch) {
            output.collect(next);
        }
    }

    @Override
    @SuppressWarnings("unchecked") // the reduce state holds only T
    public void finish() {
        if (batch) {
            backend.forEachEntry(STATE_NAME, (key, value) -> output.collect((T) value));
        }
    }

    @Override
    public void close() throws Exception {
        if (reducer instanceof RichFunction rich) {
            rich.close();
        }
    }
}
