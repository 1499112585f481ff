package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.util.Objects;

/**
 * Names a keyed reducing state, its reduce function and its value type. The same name in the
 * same operator is the same state.
 */
public final class ReducingStateDescriptor<T> extends StateDescriptor {
    private static final long serialVersionUID = 1L;

    private final Reducer<T> reducer;
    private final TypeInfo<T> type;

    /**
     * @param name unique within the operator
     * @param reducer combines the current value with an added one; a method reference to a
     *     {@code ReduceFunction} ({@code fn::reduce}) fits
     * @param type how values are serialized when state is snapshotted
     */
    public ReducingStateDescriptor(String name, Reducer<T> reducer, TypeInfo<T> type) {
        super(name);
        this.reducer = Objects.requireNonNull(reducer, "reducer");
        this.type = Objects.requireNonNull(type, "type");
    }

    public Reducer<T> reducer() {
        return reducer;
    }

    public TypeInfo<T> type() {
        return type;
    }
}
