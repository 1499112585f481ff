package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a keyed reducing state, its reduce function and its value type. The same name in the
 * same operator is the same state.
 *
 * @param name unique within the operator
 * @param reducer combines the current value with an added one; a method reference to a
 *     {@code ReduceFunction} ({@code fn::reduce}) fits
 * @param type how values are serialized when state is snapshotted
 */
public record ReducingStateDescriptor<T>(String name, Reducer<T> reducer, TypeInfo<T> type) implements Serializable {
    public ReducingStateDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
    }
}
