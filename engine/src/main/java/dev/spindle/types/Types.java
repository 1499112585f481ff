package dev.spindle.types;

import dev.spindle.api.tuple.Tuple;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import dev.spindle.api.tuple.Tuple4;

/**
 * The type infos of the record types Spindle serializes, and {@link #forClass} to pick one from a
 * class.
 *
 * <p>Wire formats: {@code LONG} and {@code INT} are zig-zag var-length (small values, such as
 * counts and small keys, take one byte); {@code DOUBLE} is 8 bytes; {@code STRING} is UTF-8 after a
 * var-int byte length. The serializers of the basic types do not encode {@code null}; use
 * {@link #GENERIC} where a value may be null, or a record, whose components may be null.
 *
 * <p>All type infos are {@link java.io.Serializable}, compare by value and survive a Java
 * serialization round trip without the user's classes on the class path.
 */
public final class Types {
    private Types() {}

    public static final TypeInfo<String> STRING = new BasicTypeInfo<>("String", StringSerializer.INSTANCE);
    public static final TypeInfo<Long> LONG = new BasicTypeInfo<>("Long", LongSerializer.INSTANCE);
    public static final TypeInfo<Integer> INT = new BasicTypeInfo<>("Integer", IntSerializer.INSTANCE);
    public static final TypeInfo<Double> DOUBLE = new BasicTypeInfo<>("Double", DoubleSerializer.INSTANCE);
    public static final TypeInfo<Boolean> BOOLEAN = new BasicTypeInfo<>("Boolean", BooleanSerializer.INSTANCE);
    public static final TypeInfo<byte[]> BYTES = new BasicTypeInfo<>("byte[]", BytesSerializer.INSTANCE);

    /**
     * Any value, {@code null} included, behind a one-byte type tag per value: built-in encodings
     * for strings, boxed primitives, {@code byte[]}, tuples, records, enums, {@code ArrayList},
     * {@code HashMap} and {@code LinkedHashMap}; Java serialization for other
     * {@link java.io.Serializable} values. Records and enums carry their class name in every
     * value, so a declared type is faster where the type is known.
     */
    public static final TypeInfo<Object> GENERIC = GenericTypeInfo.INSTANCE;

    /** The basic constant of that display name, or null; lets deserialized constants resolve to these. */
    static TypeInfo<?> basicByName(String name) {
        switch (name) {
            case "String":
                return STRING;
            case "Long":
                return LONG;
            case "Integer":
                return INT;
            case "Double":
                return DOUBLE;
            case "Boolean":
                return BOOLEAN;
            case "byte[]":
                return BYTES;
            default:
                return null;
        }
    }

    /** {@code Tuple2<A, B>} with the given field types. */
    public static <A, B> TypeInfo<Tuple2<A, B>> tuple(TypeInfo<A> f0, TypeInfo<B> f1) {
        return new TupleTypeInfo<>(f0, f1);
    }

    /** {@code Tuple3<A, B, C>} with the given field types. */
    public static <A, B, C> TypeInfo<Tuple3<A, B, C>> tuple(TypeInfo<A> f0, TypeInfo<B> f1, TypeInfo<C> f2) {
        return new TupleTypeInfo<>(f0, f1, f2);
    }

    /** {@code Tuple4<A, B, C, D>} with the given field types. */
    public static <A, B, C, D> TypeInfo<Tuple4<A, B, C, D>> tuple(
            TypeInfo<A> f0, TypeInfo<B> f1, TypeInfo<C> f2, TypeInfo<D> f3) {
        return new TupleTypeInfo<>(f0, f1, f2, f3);
    }

    /**
     * The tuple type with the given field types, for callers that assemble the field types at
     * run time. The tuple class follows from the number of fields; {@code T} is not checked
     * against it (prefer the typed overloads).
     *
     * @throws IllegalArgumentException unless there are 2 to {@value Tuple#MAX_ARITY} fields
     */
    public static <T extends Tuple> TypeInfo<T> tuple(TypeInfo<?>... fields) {
        return new TupleTypeInfo<>(fields);
    }

    /**
     * A Java record, written as its components in declaration order, each with the serializer of
     * its declared type ({@code String}, {@code long}/{@code int}/{@code double}/{@code boolean},
     * their boxed types and {@code byte[]} directly, others through {@link #GENERIC}), and rebuilt
     * through the canonical constructor. Components may be {@code null}; the record may not.
     *
     * @throws IllegalArgumentException if the record's accessors or canonical constructor cannot
     *     be made accessible
     */
    public static <R extends Record> TypeInfo<R> record(Class<R> recordClass) {
        return new RecordTypeInfo<>(recordClass);
    }

    /**
     * Values written with Java serialization, classes resolved through the user class loader.
     * Slow and large; a fallback for classes that cannot be records.
     *
     * @throws IllegalArgumentException if {@code type} is a class that is not Serializable
     */
    public static <T> TypeInfo<T> javaSerializable(Class<T> type) {
        return new JavaSerializableTypeInfo<>(type);
    }

    /**
     * The best type info for values of exactly {@code type}: the basic types (primitive or boxed)
     * and {@code byte[]} map to their constants, records to {@link #record}, everything else to
     * {@link #GENERIC}, which handles any value (tuples from here have untyped fields).
     */
    @SuppressWarnings("unchecked") // each branch's type info holds exactly the values of `type`, i.e. Ts
    public static <T> TypeInfo<T> forClass(Class<T> type) {
        if (type == String.class) {
            return (TypeInfo<T>) STRING;
        } else if (type == Long.class || type == long.class) {
            return (TypeInfo<T>) LONG;
        } else if (type == Integer.class || type == int.class) {
            return (TypeInfo<T>) INT;
        } else if (type == Double.class || type == double.class) {
            return (TypeInfo<T>) DOUBLE;
        } else if (type == Boolean.class || type == boolean.class) {
            return (TypeInfo<T>) BOOLEAN;
        } else if (type == byte[].class) {
            return (TypeInfo<T>) BYTES;
        } else if (type.isRecord()) {
            return (TypeInfo<T>) record(type.asSubclass(Record.class));
        }
        return (TypeInfo<T>) GENERIC;
    }
}
