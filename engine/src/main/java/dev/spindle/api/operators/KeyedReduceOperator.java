package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.types.TypeInfo;
import dev.spindle.types.Types;
import java.util.Objects;

/**
 * Reduces the records of each key with keyed state. STREAMING emits the new value after every
 * record; BATCH emits one final value per key when the input ends. Behind a BATCH combiner its
 * input is {@code (key, partial result)} pairs instead of records ({@link #behindCombiner()}).
 */
public final class KeyedReduceOperator<K, T> extends AbstractOperator<T> implements OneInputOperator<Object, T> {
    private static final long serialVersionUID = 1L;
    private static final String STATE_NAME = "reduce";

    private final KeySelector<T, K> keySelector;
    private final ReduceFunction<T> reducer;
    private final TypeInfo<T> type;
    private final boolean preCombined;

    private transient KeyedStateBackend backend;
    private transient ValueState<T> state;
    private transient boolean batch;

    public KeyedReduceOperator(KeySelector<T, K> keySelector, ReduceFunction<T> reducer, TypeInfo<T> type) {
        this(keySelector, reducer, type, false);
    }

    private KeyedReduceOperator(
            KeySelector<T, K> keySelector, ReduceFunction<T> reducer, TypeInfo<T> type, boolean preCombined) {
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector");
        this.reducer = Objects.requireNonNull(reducer, "reducer");
        this.type = Objects.requireNonNull(type, "type");
        this.preCombined = preCombined;
    }

    /** The sending-side pre-aggregation of this reduce, for BATCH mode. */
    public CombineOperator<K, T> combiner(int maxKeys) {
        return new CombineOperator<>(keySelector, reducer, maxKeys);
    }

    /** This reduce fed by {@link #combiner}s: its input is {@code (key, partial result)} pairs. */
    public KeyedReduceOperator<K, T> behindCombiner() {
        return new KeyedReduceOperator<>(keySelector, reducer, type, true);
    }

    /** The type of the pairs a combiner sends to this reduce. */
    public TypeInfo<Tuple2<Object, T>> combinedType() {
        return Types.tuple(Types.GENERIC, type);
    }

    /** Extracts the key of a combiner's pair. */
    public static KeySelector<Tuple2<Object, Object>, Object> combinedKey() {
        return pair -> pair.f0;
    }

    @Override
    public void open(OperatorContext context, Output<T> output) throws Exception {
        super.open(context, output);
        KeySelector<?, ?> keys = preCombined ? combinedKey() : keySelector;
        backend = context.keyedStateBackend(keys);
        state = backend.valueState(new ValueStateDescriptor<>(STATE_NAME, type));
        batch = context.runtimeMode() == RuntimeExecutionMode.BATCH;
        if (reducer instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
    }

    @Override
    @SuppressWarnings("unchecked") // records of this operator's input edge
    public void processElement(Object input) throws Exception {
        T record;
        if (preCombined) {
            Tuple2<Object, T> pair = (Tuple2<Object, T>) input;
            backend.setCurrentKey(pair.f0);
            record = pair.f1;
        } else {
            record = (T) input;
            backend.setCurrentKey(keySelector.getKey(record));
        }
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
