package dev.spindle.types;

import java.io.IOException;
import java.io.Serializable;

/**
 * Writes records of one type to bytes and reads them back. Records cross every task boundary
 * through a serializer, in one JVM as over the network, so that the exchange code is the same.
 *
 * <p>Threading: a serializer instance is used by one thread at a time. Serializers that keep
 * state between calls must return a fresh instance from {@link #duplicate()}; stateless ones
 * return {@code this}.
 *
 * @param <T> the record type
 */
public abstract class TypeSerializer<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Appends {@code record} to {@code out}. */
    public abstract void serialize(T record, DataOutputView out) throws IOException;

    /** Reads one record that {@link #serialize} wrote, starting at the current position. */
    public abstract T deserialize(DataInputView in) throws IOException;

    /** A copy safe to use from another thread; stateless serializers return {@code this}. */
    public TypeSerializer<T> duplicate() {
        return this;
    }
}
