package dev.spindle.types;

import java.io.IOException;

/**
 * Booleans as one byte: {@code 01} for true, {@code 00} for false; a reader takes any non-zero
 * byte for true. Stateless; does not encode {@code null}.
 */
final class BooleanSerializer extends TypeSerializer<Boolean> {
    private static final long serialVersionUID = 1L;

    static final BooleanSerializer INSTANCE = new BooleanSerializer();

    private BooleanSerializer() {}

    @Override
    public void serialize(Boolean record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("Boolean");
        }
        out.writeBoolean(record);
    }

    @Override
    public Boolean deserialize(DataInputView in) throws IOException {
        return in.readBoolean();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
