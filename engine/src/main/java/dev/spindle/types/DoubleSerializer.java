package dev.spindle.types;

import java.io.IOException;

/**
 * Doubles as the 8 big-endian bytes of {@link Double#doubleToLongBits} (var-length would not
 * help: the significant bits are in the low bytes); {@code 1.5} is {@code 3f f8 00 00 00 00 00 00},
 * every NaN is written as {@code 7f f8 00 00 00 00 00 00}. Stateless; does not encode
 * {@code null}.
 */
final class DoubleSerializer extends TypeSerializer<Double> {
    private static final long serialVersionUID = 1L;

    static final DoubleSerializer INSTANCE = new DoubleSerializer();

    private DoubleSerializer() {}

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
