package dev.spindle.types;

/**
 * The type of a Java record class, serialized component by component (see
 * {@link RecordSerializer}). Holds the class by name so that the type info can travel in a job
 * graph to JVMs that only have the class in a user class loader; the name is resolved when the
 * serializer is created.
 */
final class RecordTypeInfo<R extends Record> implements TypeInfo<R> {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final String simpleName;

    RecordTypeInfo(Class<R> recordClass) {
        if (!recordClass.isRecord()) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a record class");
        }
        // Fail at job definition rather than on a TaskManager if the members cannot be opened.
        RecordAccess.of(recordClass);
        this.className = recordClass.getName();
        this.simpleName = recordClass.getSimpleName();
    }

    /**
     * @throws IllegalStateException if the class cannot be loaded through {@code userClassLoader}
     *     or is no longer a record there
     */
    @Override
    public TypeSerializer<R> createSerializer(ClassLoader userClassLoader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, userClassLoader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("record class " + className + " not found by the user class loader", e);
        }
        if (!type.isRecord()) {
            throw new IllegalStateException(className + " is not a record class in the user class loader");
        }
        // The name was taken from a Class<R>; the class it loads here is R in the user's loader.
        @SuppressWarnings("unchecked")
        Class<R> recordType = (Class<R>) type;
        return new RecordSerializer<>(recordType, userClassLoader);
    }

    @Override
    public String displayName() {
        return simpleName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordTypeInfo<?> other && className.equals(other.className);
    }

    @Override
    public int hashCode() {
        return 31 * RecordTypeInfo.class.getSimpleName().hashCode() + className.hashCode();
    }

    @Override
    public String toString() {
        return "Record<" + className + ">";
    }
}
