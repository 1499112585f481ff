package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.util.Objects;

/**
 * Names a keyed value state, its type and its default value. The same name in the same operator
 * is the same state.
 */
public final class ValueStateDescriptor<T> extends StateDescriptor {
    private static final long serialVersionUID = 1L;

    private final TypeInfo<T> type;
    private final T defaultValue;

    /**
     * @param name unique within the operator
     * @param type how values are serialized when state is snapshotted
     * @param defaultValue returned by {@link ValueState#value()} for keys without a value; may be null
     */
    public ValueStateDescriptor(String name, TypeInfo<T> type, T defaultValue) {
        super(name);
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
    }

    public ValueStateDescriptor(String name, TypeInfo<T> type) {
        this(name, type, null);
    }

    public TypeInfo<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }
}
