package dev.spindle.graph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Turns user code objects (operators with their functions, key selectors, type infos) into the
 * byte payloads of a job graph and back. This is the only place the engine uses Java
 * serialization, and only for user code that an authenticated client submitted.
 */
public final class UserCode {
    private UserCode() {
    }

    /**
     * Serializes {@code object}; {@code what} names it in the error (e.g. "the map function of
     * 'Tokenizer'") when something it holds is not serializable.
     */
    public static byte[] serialize(Object object, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new InvalidProgramException(what + " cannot be shipped to the cluster: it holds an object of class "
                    + e.getMessage() + ", which is not Serializable. Make that class Serializable, mark the field "
                    + "transient and create it in open(), or avoid capturing it in a lambda.", e);
        } catch (IOException e) {
            throw new InvalidProgramException(what + " cannot be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** Reads back what {@link #serialize} wrote, resolving classes through {@code classLoader}. */
    public static <T> T deserialize(byte[] payload, ClassLoader classLoader, Class<T> expected)
            throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(payload), classLoader)) {
            return expected.cast(in.readObject());
        }
    }

    /** An object stream that finds classes in the user code class loader. */
    private static final class ClassLoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        ClassLoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
