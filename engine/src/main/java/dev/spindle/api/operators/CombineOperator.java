package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.tuple.Tuple2;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * BATCH mode's pre-aggregation on the sending side of a keyed reduce: reduces records of equal
 * keys before they cross the exchange, which then carries one {@code (key, partial result)} pair
 * per key and flush instead of one record per input record. The key travels with the partial
 * result because a reduce need not preserve what the key selector would extract from it. Holds at most {@code maxKeys} keys: when full it emits everything and
 * starts over, so memory stays bounded whatever the number of keys. Correct because reduce
 * functions are associative and commutative by contract.
 */
public final class CombineOperator<K, T> extends AbstractOperator<Tuple2<K, T>>
        implements OneInputOperator<T, Tuple2<K, T>> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, K> keySelector;
    private final ReduceFunction<T> reducer;
    private final int maxKeys;

    private transient HashMap<K, Accumulator<T>> partials;

    public CombineOperator(KeySelector<T, K> keySelector, ReduceFunction<T> reducer, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector");
        this.reducer = Objects.requireNonNull(reducer, "reducer");
        this.maxKeys = maxKeys;
    }

    @Override
    public void open(OperatorContext context, Output<Tuple2<K, T>> output) throws Exception {
        super.open(context, output);
        partials = new HashMap<>(Math.min(maxKeys, 1 << 16) * 2);
        if (reducer instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
    }

    @Override
    public void processElement(T record) throws Exception {
        K key = keySelector.getKey(record);
        Accumulator<T> acc = partials.get(key);
        if (acc == null) {
            if (partials.size() >= maxKeys) {
                emitAll();
            }
            partials.put(
                    key,
                    reducer instanceof SumReducer<T> sum
                            ? sum.accumulator(record)
                            : Accumulator.reducing(reducer, record));
        } else {
            acc.add(record);
        }
    }

    private void emitAll() {
        for (Map.Entry<K, Accumulator<T>> e : partials.entrySet()) {
            output.collect(new Tuple2<>(e.getKey(), e.getValue().result()));
        }
        partials.clear();
    }

    @Override
    public void finish() {
        emitAll();
    }

    @Override
    public void close() throws Exception {
        partials = null;
        if (reducer instanceof RichFunction rich) {
            rich.close();
        }
    }
}
