package dev.spindle.api.state;

import dev.spindle.types.TypeInfo;
import java.util.Objects;

/**
 * Names a keyed list state and its element type. The same name in the same operator is the same
 * state; a name keeps its kind of state (value, list, map, reducing) across restores.
 */
public final class ListStateDescriptor<T> extends StateDescriptor {
    private static final long serialVersionUID = 1L;

    private final TypeInfo<T> elementType;

    /**
     * @param name unique within the operator
     * @param elementType how elements are serialized when state is snapshotted
     */
    public ListStateDescriptor(String name, TypeInfo<T> elementType) {
        super(name);
        this.elementType = Objects.requireNonNull(elementType, "elementType");
    }

    public TypeInfo<T> elementType() {
        return elementType;
    }
}
