package dev.spindle.types;

import java.io.IOException;

/**
 * Doubles as their 8 IEEE 754 bytes (var-length would not help: the significant bits are in the
 * low bytes). Stateless; does not encode {@code null}.
 */
final class DoubleSerializer extends TypeSerializer<Double> {
    private static final long serialVersionUID = 1L;

    static final DoubleSerializer INSTANCE = new DoubleSerializer();

    private DoubleSerializer() {
    }

    @Override
    public void serialize(Double record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("Double");
        }
        out.writeDouble(record);
    }

    @Override
    public Double deserialize(DataInputView in) throws IOException {
        return in.readDouble();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
