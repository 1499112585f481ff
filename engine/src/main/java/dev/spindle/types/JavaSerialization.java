package dev.spindle.types;

import dev.spindle.util.UserClassObjectInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Values written with Java serialization behind a var-int length: the fallback for types that
 * have no dedicated serializer. Slow and large, but it handles any {@link java.io.Serializable}.
 * Classes named in the bytes are resolved through the user class loader.
 *
 * <p>Java deserialization runs constructors of whatever classes the bytes name, so this must
 * only read bytes that Spindle's own tasks wrote (the data plane is authenticated).
 */
final class JavaSerialization {
    private JavaSerialization() {}

    static void write(Object value, DataOutputView out) throws IOException {
        ExposedByteArrayOutputStream bytes = new ExposedByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(value);
        } catch (NotSerializableException e) {
            // The message of NotSerializableException is just the offending class name.
            throw new IOException(
                    "cannot serialize a value of type " + value.getClass().getName()
                            + " with Java serialization: it refers to " + e.getMessage()
                            + ", which is not Serializable; make it Serializable or declare the type with returns(...)",
                    e);
        }
        out.writeVarInt(bytes.size());
        out.write(bytes.buffer(), 0, bytes.size());
    }

    static Object read(DataInputView in, ClassLoader userClassLoader) throws IOException {
        byte[] bytes = new byte[SerializerChecks.readLength(in, 1, "Java-serialized value")];
        in.readFully(bytes);
        try (ObjectInputStream objects =
                new UserClassObjectInputStream(new ByteArrayInputStream(bytes), userClassLoader)) {
            return objects.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(
                    "class of a Java-serialized value not found by the user class loader: " + e.getMessage(), e);
        }
    }

    /** Hands out its buffer so that the bytes go to the output view without another copy. */
    private static final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
        ExposedByteArrayOutputStream() {
            super(256);
        }

        byte[] buffer() {
            return buf;
        }
    }
}
