package dev.spindle.types;

import dev.spindle.api.tuple.Tuple;
import java.util.Arrays;
import java.util.StringJoiner;

/** The type of {@code Tuple2}, {@code Tuple3} or {@code Tuple4} records with typed fields. */
final class TupleTypeInfo<T extends Tuple> implements TypeInfo<T> {
    private static final long serialVersionUID = 1L;

    private final TypeInfo<?>[] fields;

    TupleTypeInfo(TypeInfo<?>... fields) {
        if (fields.length < 2 || fields.length > Tuple.MAX_ARITY) {
            throw new IllegalArgumentException("a tuple type needs 2 to " + Tuple.MAX_ARITY + " field types, got "
                    + fields.length + "; use a record for more fields");
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null) {
                throw new NullPointerException("type of tuple field f" + i + " is null");
            }
        }
        this.fields = fields.clone();
    }

    // A field serializer is only ever given values of its own field; erasing to Object is safe.
    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(ClassLoader userClassLoader) {
        TypeSerializer<Object>[] serializers = (TypeSerializer<Object>[]) new TypeSerializer<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            serializers[i] = (TypeSerializer<Object>) fields[i].createSerializer(userClassLoader);
        }
        return new TupleSerializer<>(serializers);
    }

    @Override
    public String displayName() {
        StringJoiner joiner = new StringJoiner(", ", "Tuple" + fields.length + "<", ">");
        for (TypeInfo<?> field : fields) {
            joiner.add(field.displayName());
        }
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TupleTypeInfo<?> other && Arrays.equals(fields, other.fields);
    }

    @Override
    public int hashCode() {
        return 31 * TupleTypeInfo.class.getSimpleName().hashCode() + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
