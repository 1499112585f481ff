package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a keyed map state and the types of its user keys and values. The same name in the same
 * operator is the same state.
 *
 * @param name unique within the operator
 * @param keyType how user keys are serialized when state is snapshotted
 * @param valueType how user values are serialized when state is snapshotted
 */
public record MapStateDescriptor<UK, UV>(String name, TypeInfo<UK> keyType, TypeInfo<UV> valueType)
        implements Serializable {
    public MapStateDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
    }
}
