package dev.spindle.api;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.graph.Transformation;
import dev.spindle.runtime.operators.KeyedProcessOperator;
import dev.spindle.runtime.operators.KeyedReduceOperator;
import dev.spindle.runtime.operators.SumReducer;
import java.util.Objects;

/**
 * A stream partitioned by key. Keyed operations see the records of one key in one parallel
 * instance and can keep state per key.
 */
public final class KeyedStream<T, K> extends DataStream<T> {
    private final KeySelector<T, K> keySelector;

    KeyedStream(StreamExecutionEnvironment env, Transformation<T> partition, KeySelector<T, K> keySelector) {
        super(env, partition);
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    /**
     * Combines the records of each key. STREAMING emits the running result per record; BATCH one
     * final result per key. The function must be associative and commutative.
     */
    public DataStream<T> reduce(ReduceFunction<T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return oneInput("Keyed Reduce", new KeyedReduceOperator<>(keySelector, reducer, getType()), getType());
    }

    /** Adds up field {@code position} of tuple records (or the records themselves, position 0, for numbers). */
    public DataStream<T> sum(int position) {
        return oneInput("Keyed Sum", new KeyedReduceOperator<>(keySelector, new SumReducer<>(position), getType()), getType())
                .name("Sum(" + position + ")");
    }

    /** Processes each record with the keyed state of its key. */
    public <R> DataStream<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        return oneInput("Keyed Process", new KeyedProcessOperator<>(keySelector, function), genericType());
    }
}
