package dev.spindle.types;

import java.io.IOException;

/**
 * Byte arrays as a var-int length ({@link DataOutputView#writeVarInt}) and the bytes:
 * {@code {1, 2, -1}} is {@code 03 01 02 ff}. Stateless; does not encode {@code null}.
 */
final class BytesSerializer extends TypeSerializer<byte[]> {
    private static final long serialVersionUID = 1L;

    static final BytesSerializer INSTANCE = new BytesSerializer();

    private BytesSerializer() {}

    static void write(byte[] bytes, DataOutputView out) {
        out.writeVarInt(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    static byte[] read(DataInputView in) throws IOException {
        byte[] bytes = new byte[SerializerChecks.readLength(in, 1, "byte array")];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public void serialize(byte[] record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("byte[]");
        }
        write(record, out);
    }

    @Override
    public byte[] deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
