package dev.spindle.types;

import dev.spindle.api.tuple.Tuple;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serializes values of any type, each behind a one-byte type tag: the serializer for streams whose
 * type was not declared, and for record components of types without a dedicated serializer.
 *
 * <p>Built in: {@code null}, {@code String}, the boxed primitives, {@code byte[]}, tuples and
 * records (fields and components recursively generic), enums (class name and ordinal), and
 * {@code ArrayList}, {@code HashMap}, {@code LinkedHashMap} of generic values. Any other
 * {@link Serializable} value goes through Java serialization, resolving classes with the user
 * class loader. Other list and map classes (immutable ones, {@code LinkedList}, ...) take that
 * fallback too, so that they come back as the same class.
 *
 * <p>Wire format: one tag byte (the constants below, which are never renumbered), then:
 * <pre>
 * 0 null, 5 false, 6 true   nothing
 * 1 String                  {@link DataOutputView#writeString}
 * 2 Long, 3 Integer         zig-zag var-long / var-int ({@link LongSerializer}, {@link IntSerializer})
 * 4 Double                  8 bytes, {@link DataOutputView#writeDouble}
 * 7 byte[]                  var-int length, the bytes
 * 8, 9, 10 Tuple2, 3, 4     each field, generic
 * 11 record                 class name (as a String), then each component, generic
 * 12 enum                   declaring class name (as a String), var-int ordinal
 * 13 ArrayList              var-int size, each element, generic
 * 14 HashMap, 15 LinkedHashMap  var-int size, then key and value of each entry, generic, in
 *                           the map's iteration order
 * 16 Float                  4 bytes, {@link DataOutputView#writeFloat}
 * 17 Short, 19 Character    2 bytes big-endian; 18 Byte: 1 byte
 * 20 other Serializable     var-int length, then a Java serialization stream
 *                           ({@link java.io.ObjectOutputStream}, starting {@code ac ed 00 05})
 * </pre>
 *
 * <p>Stateful (it caches resolved classes), so {@link #duplicate()} returns a new instance.
 */
final class GenericSerializer extends TypeSerializer<Object> {
    private static final long serialVersionUID = 1L;

    /** Deeper values are taken for a cycle (writing) or a corrupt stream (reading). */
    static final int MAX_DEPTH = 256;

    // Tags are part of the wire format: append, never renumber.
    static final int NULL = 0;
    static final int STRING = 1;
    static final int LONG = 2;
    static final int INT = 3;
    static final int DOUBLE = 4;
    static final int FALSE = 5;
    static final int TRUE = 6;
    static final int BYTES = 7;
    static final int TUPLE2 = 8;
    static final int TUPLE3 = 9;
    static final int TUPLE4 = 10;
    static final int RECORD = 11;
    static final int ENUM = 12;
    static final int ARRAY_LIST = 13;
    static final int HASH_MAP = 14;
    static final int LINKED_HASH_MAP = 15;
    static final int FLOAT = 16;
    static final int SHORT = 17;
    static final int BYTE = 18;
    static final int CHAR = 19;
    static final int JAVA_SERIALIZED = 20;

    private final transient UserClasses classes;

    GenericSerializer(ClassLoader userClassLoader) {
        this.classes = new UserClasses(userClassLoader);
    }

    @Override
    public void serialize(Object record, DataOutputView out) throws IOException {
        write(record, out, 0);
    }

    @Override
    public Object deserialize(DataInputView in) throws IOException {
        return read(in, 0);
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        return new GenericSerializer(classes.loader());
    }

    private Object readResolve() {
        return new GenericSerializer(Thread.currentThread().getContextClassLoader());
    }

    // The most frequent types are tested first.
    private void write(Object value, DataOutputView out, int depth) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            out.writeString(s);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            LongSerializer.write(l, out);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            IntSerializer.write(i, out);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            BytesSerializer.write(bytes, out);
        } else if (value instanceof Tuple tuple) {
            writeTuple(tuple, out, depth);
        } else if (value instanceof Record) {
            writeRecord(value, out, depth);
        } else if (value instanceof Enum<?> e) {
            out.writeByte(ENUM);
            classes.writeName(e.getDeclaringClass(), out);
            out.writeVarInt(e.ordinal());
        } else if (value.getClass() == ArrayList.class) {
            writeList((List<?>) value, out, depth);
        } else if (value.getClass() == HashMap.class || value.getClass() == LinkedHashMap.class) {
            writeMap((Map<?, ?>) value, out, depth);
        } else if (value instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (value instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (value instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (value instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (value instanceof Serializable) {
            out.writeByte(JAVA_SERIALIZED);
            JavaSerialization.write(value, out);
        } else {
            throw new IOException(
                    "cannot serialize a value of type " + value.getClass().getName()
                            + ": Spindle has no built-in serializer for it and it is not java.io.Serializable;"
                            + " make it Serializable or declare its type with returns(...)");
        }
    }

    private static void checkWriteDepth(int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException("value nested deeper than " + MAX_DEPTH + " levels; does it contain itself?");
        }
    }

    private void writeTuple(Tuple tuple, DataOutputView out, int depth) throws IOException {
        checkWriteDepth(depth);
        // Tuple is sealed to arities 2..4, whose tags are consecutive.
        out.writeByte(TUPLE2 + tuple.arity() - 2);
        for (int i = 0; i < tuple.arity(); i++) {
            write(tuple.getField(i), out, depth + 1);
        }
    }

    private void writeRecord(Object record, DataOutputView out, int depth) throws IOException {
        checkWriteDepth(depth);
        RecordAccess access;
        try {
            access = RecordAccess.of(record.getClass());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        out.writeByte(RECORD);
        classes.writeName(record.getClass(), out);
        for (int i = 0; i < access.componentCount(); i++) {
            write(access.get(record, i), out, depth + 1);
        }
    }

    private void writeList(List<?> list, DataOutputView out, int depth) throws IOException {
        checkWriteDepth(depth);
        out.writeByte(ARRAY_LIST);
        out.writeVarInt(list.size());
        for (Object element : list) {
            write(element, out, depth + 1);
        }
    }

    private void writeMap(Map<?, ?> map, DataOutputView out, int depth) throws IOException {
        checkWriteDepth(depth);
        out.writeByte(map instanceof LinkedHashMap ? LINKED_HASH_MAP : HASH_MAP);
        out.writeVarInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            write(entry.getKey(), out, depth + 1);
            write(entry.getValue(), out, depth + 1);
        }
    }

    private Object read(DataInputView in, int depth) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return in.readString();
            case LONG:
                return LongSerializer.read(in);
            case INT:
                return IntSerializer.read(in);
            case DOUBLE:
                return in.readDouble();
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case BYTES:
                return BytesSerializer.read(in);
            case TUPLE2:
            case TUPLE3:
            case TUPLE4:
                return readTuple(tag - TUPLE2 + 2, in, depth);
            case RECORD:
                return readRecord(in, depth);
            case ENUM:
                return readEnum(in);
            case ARRAY_LIST:
                return readList(in, depth);
            case HASH_MAP:
                return readMap(new HashMap<>(), in, depth);
            case LINKED_HASH_MAP:
                return readMap(new LinkedHashMap<>(), in, depth);
            case FLOAT:
                return in.readFloat();
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            case CHAR:
                return in.readChar();
            case JAVA_SERIALIZED:
                return JavaSerialization.read(in, classes.loader());
            default:
                throw new IOException("corrupt stream: unknown type tag " + tag);
        }
    }

    private static void checkReadDepth(int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException("corrupt stream: values nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Tuple readTuple(int arity, DataInputView in, int depth) throws IOException {
        checkReadDepth(depth);
        Tuple tuple = Tuple.newInstance(arity);
        for (int i = 0; i < arity; i++) {
            tuple.setField(i, read(in, depth + 1));
        }
        return tuple;
    }

    private Object readRecord(DataInputView in, int depth) throws IOException {
        checkReadDepth(depth);
        Class<?> type = classes.readClass(in);
        if (!type.isRecord()) {
            throw new IOException("corrupt stream: " + type.getName() + " is tagged as a record but is not one");
        }
        RecordAccess access;
        try {
            access = RecordAccess.of(type);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Object[] args = new Object[access.componentCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = read(in, depth + 1);
        }
        return access.construct(args);
    }

    private Object readEnum(DataInputView in) throws IOException {
        Class<?> type = classes.readClass(in);
        if (!type.isEnum()) {
            throw new IOException("corrupt stream: " + type.getName() + " is tagged as an enum but is not one");
        }
        Object[] constants = classes.enumConstants(type);
        int ordinal = in.readVarInt();
        if (ordinal < 0 || ordinal >= constants.length) {
            throw new IOException("corrupt stream: enum " + type.getName() + " has no ordinal " + ordinal);
        }
        return constants[ordinal];
    }

    private List<Object> readList(DataInputView in, int depth) throws IOException {
        checkReadDepth(depth);
        // Every element takes at least its tag byte.
        int size = SerializerChecks.readLength(in, 1, "list");
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(read(in, depth + 1));
        }
        return list;
    }

    private Map<Object, Object> readMap(Map<Object, Object> map, DataInputView in, int depth) throws IOException {
        checkReadDepth(depth);
        // Every entry takes at least a key tag and a value tag.
        int size = SerializerChecks.readLength(in, 2, "map");
        for (int i = 0; i < size; i++) {
            Object key = read(in, depth + 1);
            map.put(key, read(in, depth + 1));
        }
        return map;
    }
}
