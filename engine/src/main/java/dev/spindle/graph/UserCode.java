package dev.spindle.graph;

import dev.spindle.util.UserClassObjectInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Turns user code objects (operators with their functions, key selectors, type infos) into the
 * byte payloads of a job graph and back. This is the only place the engine uses Java
 * serialization, and only for user code that an authenticated client submitted.
 */
public final class UserCode {
    private UserCode() {}

    /**
     * Serializes {@code object}; {@code what} names it in the error (e.g. "the map function of
     * 'Tokenizer'") when something it holds is not serializable.
     */
    public static byte[] serialize(Object object, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new InvalidProgramException(
                    what + " cannot be shipped to the cluster: it holds an object of class "
                            + e.getMessage()
                            + ", which is not Serializable. Make that class Serializable, mark the field "
                            + "transient and create it in open(), or avoid capturing it in a lambda.",
                    e);
        } catch (IOException e) {
            throw new InvalidProgramException(what + " cannot be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** Reads back what {@link #serialize} wrote, resolving classes through {@code classLoader}. */
    public static <T> T deserialize(byte[] payload, ClassLoader classLoader, Class<T> expected)
            throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new UserClassObjectInputStream(new ByteArrayInputStream(payload), classLoader)) {
            return expected.cast(in.readObject());
        }
    }
}
