package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a keyed value state and its type. The same name in the same operator is the same state.
 *
 * @param name unique within the operator
 * @param type how values are serialized when state is snapshotted
 * @param defaultValue returned by {@link ValueState#value()} for keys without a value; may be null
 */
public record ValueStateDescriptor<T>(String name, TypeInfo<T> type, T defaultValue) implements Serializable {
    public ValueStateDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
    }

    public ValueStateDescriptor(String name, TypeInfo<T> type) {
        this(name, type, null);
    }
}
