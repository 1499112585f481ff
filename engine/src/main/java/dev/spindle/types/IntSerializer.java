package dev.spindle.types;

import java.io.IOException;

/**
 * Ints as zig-zag var-ints: {@code (v << 1) ^ (v >> 31)} written by
 * {@link DataOutputView#writeVarInt}, so 0, -1, 1, -2 become 0, 1, 2, 3 ({@code 150} is
 * {@code ac 02}): 1 byte for -64..63, at most 5 bytes. Stateless; does not encode {@code null}.
 */
final class IntSerializer extends TypeSerializer<Integer> {
    private static final long serialVersionUID = 1L;

    static final IntSerializer INSTANCE = new IntSerializer();

    private IntSerializer() {}

    static void write(int v, DataOutputView out) {
        out.writeVarInt((v << 1) ^ (v >> 31));
    }

    static int read(DataInputView in) throws IOException {
        int zigZag = in.readVarInt();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    @Override
    public void serialize(Integer record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("Integer");
        }
        write(record, out);
    }

    @Override
    public Integer deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
