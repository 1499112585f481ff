package dev.spindle.types;

import java.io.IOException;

/**
 * Checks shared by the serializers: {@code null} values a serializer cannot encode, and length
 * prefixes read from a stream, which may be corrupt and must never make a reader allocate or
 * loop on a bogus count.
 */
final class SerializerChecks {
    private SerializerChecks() {}

    static NullPointerException nullNotSupported(String typeName) {
        return new NullPointerException("null " + typeName + " value: the " + typeName
                + " serializer does not encode null; declare the type as Types.GENERIC,"
                + " or make it a record component (records encode null components)");
    }

    /**
     * Reads a var-int count of elements that each take at least {@code minBytesPerElement} bytes
     * and fails unless the rest of the input can hold that many, so that the caller can size an
     * array or collection by it.
     */
    static int readLength(DataInputView in, int minBytesPerElement, String what) throws IOException {
        int length = in.readVarInt();
        if (length < 0 || (long) length * minBytesPerElement > in.available()) {
            throw new IOException("corrupt stream: " + what + " length " + length + " does not fit in the remaining "
                    + in.available() + " bytes");
        }
        return length;
    }
}
