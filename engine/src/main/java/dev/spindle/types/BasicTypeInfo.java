package dev.spindle.types;

import java.io.InvalidObjectException;
import java.util.Objects;

/**
 * The type info of a built-in value type whose serializer is a stateless singleton. The
 * instances are the constants in {@link Types}; deserialization resolves back to them, so they
 * stay unique across a job-graph round trip.
 */
final class BasicTypeInfo<T> implements TypeInfo<T> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient TypeSerializer<T> serializer;

    BasicTypeInfo(String name, TypeSerializer<T> serializer) {
        this.name = name;
        this.serializer = serializer;
    }

    @Override
    public TypeSerializer<T> createSerializer(ClassLoader userClassLoader) {
        return serializer;
    }

    @Override
    public String displayName() {
        return name;
    }

    private Object readResolve() throws InvalidObjectException {
        TypeInfo<?> constant = Types.basicByName(name);
        if (constant == null) {
            throw new InvalidObjectException("unknown basic type " + name);
        }
        return constant;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BasicTypeInfo<?> other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash("basic", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
