package dev.spindle.state;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import dev.spindle.types.TypeInfo;
import dev.spindle.types.TypeSerializer;
import dev.spindle.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the entries of one state in one key group (a block of the keyed state file):
 * <pre>
 * var-int entryCount, then per entry the key (generic serializer), then by kind:
 *   value, reducing   the value (the descriptor's serializer)
 *   list              var-int size, the elements
 *   map               var-int size, then per entry the user key, a boolean "value present",
 *                     and the user value when present
 * </pre>
 * Keys are written with the generic serializer because key types are not declared. One codec is
 * used by one thread.
 */
final class StateEntryCodec {
    private final StateKind kind;
    private final TypeSerializer<Object> keys;
    private final TypeSerializer<Object> values;
    private final TypeSerializer<Object> mapValues;

    StateEntryCodec(StateKind kind, TypeInfo<?> type, TypeInfo<?> mapValueType, ClassLoader userClassLoader) {
        this.kind = kind;
        this.keys = Types.GENERIC.createSerializer(userClassLoader);
        this.values = serializer(type, userClassLoader);
        this.mapValues = mapValueType == null ? null : serializer(mapValueType, userClassLoader);
    }

    @SuppressWarnings("unchecked") // the state only ever holds values of its declared type
    private static TypeSerializer<Object> serializer(TypeInfo<?> type, ClassLoader userClassLoader) {
        return (TypeSerializer<Object>) type.createSerializer(userClassLoader);
    }

    void write(StateMap group, DataOutputView out) throws IOException {
        out.writeVarInt(group.size());
        group.forEach((key, value) -> {
            keys.serialize(key, out);
            switch (kind) {
                case VALUE, REDUCING -> values.serialize(value, out);
                case LIST -> writeList((List<?>) value, out);
                case MAP -> writeMap((Map<?, ?>) value, out);
            }
        });
    }

    private void writeList(List<?> list, DataOutputView out) throws IOException {
        out.writeVarInt(list.size());
        for (Object element : list) {
            values.serialize(element, out);
        }
    }

    private void writeMap(Map<?, ?> map, DataOutputView out) throws IOException {
        out.writeVarInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            values.serialize(entry.getKey(), out);
            Object value = entry.getValue();
            out.writeBoolean(value != null);
            if (value != null) {
                mapValues.serialize(value, out);
            }
        }
    }

    /** Reads a block that {@link #write} wrote into {@code target}. */
    void read(DataInputView in, HashMap<Object, Object> target) throws IOException {
        int count = readCount(in, "entry");
        for (int i = 0; i < count; i++) {
            Object key = keys.deserialize(in);
            Object value = switch (kind) {
                case VALUE, REDUCING -> values.deserialize(in);
                case LIST -> readList(in);
                case MAP -> readMap(in);
            };
            target.put(key, value);
        }
        if (in.available() != 0) {
            throw new IOException("corrupt keyed state file: " + in.available() + " bytes left after a block");
        }
    }

    private ArrayList<Object> readList(DataInputView in) throws IOException {
        // Elements may serialize to no bytes at all, so the size only bounds the first allocation.
        int size = in.readVarInt();
        if (size < 0) {
            throw new IOException("corrupt keyed state file: list size " + size);
        }
        ArrayList<Object> list = new ArrayList<>(Math.min(size, in.available()));
        for (int i = 0; i < size; i++) {
            list.add(values.deserialize(in));
        }
        return list;
    }

    private HashMap<Object, Object> readMap(DataInputView in) throws IOException {
        int size = readCount(in, "map");
        HashMap<Object, Object> map = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Object key = values.deserialize(in);
            map.put(key, in.readBoolean() ? mapValues.deserialize(in) : null);
        }
        return map;
    }

    /** A count of items that take at least one byte each, checked against what is left. */
    private static int readCount(DataInputView in, String what) throws IOException {
        int count = in.readVarInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("corrupt keyed state file: " + what + " count " + count + " does not fit in the "
                    + in.available() + " bytes left");
        }
        return count;
    }
}
