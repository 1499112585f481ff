package dev.spindle.api;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.api.operators.KeyedProcessOperator;
import dev.spindle.api.operators.KeyedReduceOperator;
import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.SumReducer;
import dev.spindle.api.operators.UserFunctionOperator;
import dev.spindle.graph.Transformation;
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
        return oneInput("Keyed Reduce", reduceOperator(reducer), getType());
    }

    /** Adds up field {@code position} of tuple records (or the records themselves, position 0, for numbers). */
    public DataStream<T> sum(int position) {
        return oneInput("Sum(" + position + ")", reduceOperator(new SumReducer<>(position)), getType());
    }

    /** A reduce operator typed for this stream; it also accepts a combiner's pairs, hence Object input. */
    @SuppressWarnings("unchecked")
    private OneInputOperator<T, T> reduceOperator(ReduceFunction<T> reducer) {
        OneInputOperator<?, T> op = new KeyedReduceOperator<>(keySelector, reducer, getType());
        return (OneInputOperator<T, T>) op;
    }

    /**
     * Rich functions applied to a keyed stream ({@code map}, {@code flatMap}, {@code filter},
     * {@code addSink}) get keyed state through their {@code RuntimeContext}, scoped to the key of
     * the record being processed.
     */
    @Override
    protected <O extends UserFunctionOperator<?, ?>> O keyed(O operator) {
        operator.keyedBy(keySelector);
        return operator;
    }

    /** Processes each record with the keyed state of its key. */
    public <R> DataStream<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        return oneInput("Keyed Process", new KeyedProcessOperator<>(keySelector, function), genericType());
    }
}
