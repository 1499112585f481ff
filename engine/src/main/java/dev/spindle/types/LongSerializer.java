package dev.spindle.types;

import java.io.IOException;

/**
 * Longs as zig-zag var-longs: {@code (v << 1) ^ (v >> 63)} written by
 * {@link DataOutputView#writeVarLong} ({@code 300} is {@code d8 04}): 1 byte for -64..63, so
 * counts and small keys stay small on the wire, at most 10 bytes. Stateless; does not encode
 * {@code null}.
 */
final class LongSerializer extends TypeSerializer<Long> {
    private static final long serialVersionUID = 1L;

    static final LongSerializer INSTANCE = new LongSerializer();

    private LongSerializer() {}

    static void write(long v, DataOutputView out) {
        out.writeVarLong((v << 1) ^ (v >> 63));
    }

    static long read(DataInputView in) throws IOException {
        long zigZag = in.readVarLong();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    @Override
    public void serialize(Long record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("Long");
        }
        write(record, out);
    }

    @Override
    public Long deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
