package dev.spindle.types;

/** The type info of {@link Types#GENERIC}: any value, tagged per value (see {@link GenericSerializer}). */
final class GenericTypeInfo implements TypeInfo<Object> {
    private static final long serialVersionUID = 1L;

    static final GenericTypeInfo INSTANCE = new GenericTypeInfo();

    private GenericTypeInfo() {}

    @Override
    public TypeSerializer<Object> createSerializer(ClassLoader userClassLoader) {
        return new GenericSerializer(userClassLoader);
    }

    @Override
    public String displayName() {
        return "Generic";
    }

    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenericTypeInfo;
    }

    @Override
    public int hashCode() {
        return GenericTypeInfo.class.getSimpleName().hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
