package dev.spindle.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Helpers for serializer tests: byte round trips and Java round trips of type infos. */
final class SerializerTesting {
    static final ClassLoader LOADER = SerializerTesting.class.getClassLoader();

    private SerializerTesting() {}

    static <T> byte[] bytesOf(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputView out = new DataOutputView(16);
        serializer.serialize(value, out);
        return out.toByteArray();
    }

    /** Writes and reads back {@code value}, checking that the reader consumed exactly what was written. */
    static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        byte[] bytes = bytesOf(serializer, value);
        DataInputView in = new DataInputView(bytes);
        T copy = serializer.deserialize(in);
        assertEquals(0, in.available(), "bytes left after reading " + value);
        return copy;
    }

    static <T> T roundTrip(TypeInfo<T> type, T value) throws IOException {
        return roundTrip(type.createSerializer(LOADER), value);
    }

    /** A Java serialization round trip, the way the job graph ships objects. */
    static <T> T javaRoundTrip(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked") // it was a T when written
            T copy = (T) in.readObject();
            return copy;
        }
    }
}
