package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.util.Objects;

/**
 * Names a keyed map state and the types of its user keys and values. The same name in the same
 * operator is the same state.
 */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor {
    private static final long serialVersionUID = 1L;

    private final TypeInfo<UK> keyType;
    private final TypeInfo<UV> valueType;

    /**
     * @param name unique within the operator
     * @param keyType how user keys are serialized when state is snapshotted
     * @param valueType how user values are serialized when state is snapshotted
     */
    public MapStateDescriptor(String name, TypeInfo<UK> keyType, TypeInfo<UV> valueType) {
        super(name);
        this.keyType = Objects.requireNonNull(keyType, "keyType");
        this.valueType = Objects.requireNonNull(valueType, "valueType");
    }

    public TypeInfo<UK> keyType() {
        return keyType;
    }

    public TypeInfo<UV> valueType() {
        return valueType;
    }
}
