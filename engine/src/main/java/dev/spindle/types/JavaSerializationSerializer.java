package dev.spindle.types;

import java.io.IOException;

/**
 * Writes each value with Java serialization behind a var-int length: the length of the stream of
 * one {@link java.io.ObjectOutputStream#writeObject}, then that stream ({@code "hi"} is
 * {@code 09 ac ed 00 05 74 00 02 68 69}); encodes {@code null}.
 * Stateless apart from the user class loader, so {@link #duplicate()} returns {@code this}.
 */
final class JavaSerializationSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient ClassLoader userClassLoader;

    JavaSerializationSerializer(ClassLoader userClassLoader) {
        this.userClassLoader = userClassLoader;
    }

    @Override
    public void serialize(T record, DataOutputView out) throws IOException {
        JavaSerialization.write(record, out);
    }

    // The stream holds what serialize wrote, a T; as with any serializer, the caller vouches
    // that the bytes belong to this type.
    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView in) throws IOException {
        return (T) JavaSerialization.read(in, userClassLoader);
    }

    /** The class loader does not serialize; the context class loader stands in for it. */
    private Object readResolve() {
        return new JavaSerializationSerializer<>(Thread.currentThread().getContextClassLoader());
    }
}
