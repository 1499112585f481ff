package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a keyed list state and its element type. The same name in the same operator is the same
 * state; a name keeps its kind of state (value, list, map, reducing) across restores.
 *
 * @param name unique within the operator
 * @param elementType how elements are serialized when state is snapshotted
 */
public record ListStateDescriptor<T>(String name, TypeInfo<T> elementType) implements Serializable {
    public ListStateDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
    }
}
