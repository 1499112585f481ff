package dev.spindle.types;

import java.io.Serializable;

/**
 * The type of values written with Java serialization: the explicit fallback for a class that has
 * no dedicated serializer. Holds the class by name, like {@link RecordTypeInfo}.
 */
final class JavaSerializableTypeInfo<T> implements TypeInfo<T> {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final String simpleName;

    JavaSerializableTypeInfo(Class<T> type) {
        // Interfaces are allowed: their implementations may well be serializable.
        if (!type.isInterface() && !Serializable.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    type.getName() + " does not implement java.io.Serializable; make it Serializable or use a record");
        }
        this.className = type.getName();
        this.simpleName = type.getSimpleName();
    }

    @Override
    public TypeSerializer<T> createSerializer(ClassLoader userClassLoader) {
        return new JavaSerializationSerializer<>(userClassLoader);
    }

    @Override
    public String displayName() {
        return "JavaSerializable<" + simpleName + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JavaSerializableTypeInfo<?> other && className.equals(other.className);
    }

    @Override
    public int hashCode() {
        return 31 * JavaSerializableTypeInfo.class.getSimpleName().hashCode() + className.hashCode();
    }

    @Override
    public String toString() {
        return "JavaSerializable<" + className + ">";
    }
}
