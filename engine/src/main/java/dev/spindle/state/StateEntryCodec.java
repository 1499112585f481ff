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
import java.util.function.LongPredicate;

/**
 * Writes and reads the entries of one state in one key group (a block of the keyed state file):
 * <pre>
 * var-int entryCount, then per entry the key (generic serializer), then by kind:
 *   value, reducing   the value (the descriptor's serializer)
 *   list              var-int size, the elements
 *   map               var-int size, then per entry the user key, a boolean "value present",
 *                     and the user value when present
 * </pre>
 * With time-to-live timestamps ({@link TtlValue}), each value, list element and map entry is
 * preceded by its timestamp (int64, epoch milliseconds): {@code key timestamp value} for value and
 * reducing state, {@code size (timestamp element)*} for lists, {@code size (userKey timestamp
 * present [userValue])*} for maps. Entries whose timestamp {@link #leaveOut} names are not
 * written, and not restored; a key with nothing left is left out.
 * Keys are written with the generic serializer because key types are not declared. One codec is
 * used by one thread.
 */
final class StateEntryCodec {
    private final StateKind kind;
    private final boolean timestamps;
    private final TypeSerializer<Object> keys;
    private final TypeSerializer<Object> values;
    private final TypeSerializer<Object> mapValues;
    private LongPredicate expired;

    StateEntryCodec(
            StateKind kind,
            TypeInfo<?> type,
            TypeInfo<?> mapValueType,
            boolean timestamps,
            ClassLoader userClassLoader) {
        this.kind = kind;
        this.timestamps = timestamps;
        this.keys = Types.GENERIC.createSerializer(userClassLoader);
        this.values = serializer(type, userClassLoader);
        this.mapValues = mapValueType == null ? null : serializer(mapValueType, userClassLoader);
    }

    /** Leaves out the entries with timestamps that {@code expired} accepts; null keeps all. */
    void leaveOut(LongPredicate expired) {
        this.expired = expired;
    }

    @SuppressWarnings("unchecked") // the state only ever holds values of its declared type
    private static TypeSerializer<Object> serializer(TypeInfo<?> type, ClassLoader userClassLoader) {
        return (TypeSerializer<Object>) type.createSerializer(userClassLoader);
    }

    void write(StateMap group, DataOutputView out) throws IOException {
        if (timestamps) {
            writeWithTimestamps(group, out);
            return;
        }
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
            Object value = timestamps
                    ? readWithTimestamps(in)
                    : switch (kind) {
                        case VALUE, REDUCING -> values.deserialize(in);
                        case LIST -> readList(in);
                        case MAP -> readMap(in);
                    };
            if (value != null) {
                target.put(key, value);
            }
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

    private boolean keep(TtlValue value) {
        return expired == null || !expired.test(value.timestamp());
    }

    /** The part of a key's entry to write: all of it, only what has not expired, or null for nothing. */
    private Object kept(Object entry) {
        switch (kind) {
            case VALUE, REDUCING -> {
                return keep((TtlValue) entry) ? entry : null;
            }
            case LIST -> {
                List<?> list = (List<?>) entry;
                if (expired == null) {
                    return list;
                }
                ArrayList<Object> kept = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (keep((TtlValue) element)) {
                        kept.add(element);
                    }
                }
                return kept.isEmpty() ? null : kept;
            }
            default -> {
                Map<?, ?> map = (Map<?, ?>) entry;
                if (expired == null) {
                    return map;
                }
                HashMap<Object, Object> kept = new HashMap<>();
                map.forEach((userKey, value) -> {
                    if (keep((TtlValue) value)) {
                        kept.put(userKey, value);
                    }
                });
                return kept.isEmpty() ? null : kept;
            }
        }
    }

    private void writeWithTimestamps(StateMap group, DataOutputView out) throws IOException {
        List<Object> keptKeys = new ArrayList<>(group.size());
        List<Object> keptEntries = new ArrayList<>(group.size());
        group.forEach((key, entry) -> {
            Object kept = kept(entry);
            if (kept != null) {
                keptKeys.add(key);
                keptEntries.add(kept);
            }
        });
        out.writeVarInt(keptKeys.size());
        for (int i = 0; i < keptKeys.size(); i++) {
            keys.serialize(keptKeys.get(i), out);
            Object entry = keptEntries.get(i);
            switch (kind) {
                case VALUE, REDUCING -> {
                    TtlValue value = (TtlValue) entry;
                    out.writeLong(value.timestamp());
                    values.serialize(value.value(), out);
                }
                case LIST -> {
                    List<?> list = (List<?>) entry;
                    out.writeVarInt(list.size());
                    for (Object element : list) {
                        out.writeLong(((TtlValue) element).timestamp());
                        values.serialize(((TtlValue) element).value(), out);
                    }
                }
                case MAP -> writeMapWithTimestamps((Map<?, ?>) entry, out);
            }
        }
    }

    private void writeMapWithTimestamps(Map<?, ?> map, DataOutputView out) throws IOException {
        out.writeVarInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            values.serialize(entry.getKey(), out);
            TtlValue value = (TtlValue) entry.getValue();
            out.writeLong(value.timestamp());
            out.writeBoolean(value.value() != null);
            if (value.value() != null) {
                mapValues.serialize(value.value(), out);
            }
        }
    }

    /** A key's entry with timestamps as {@link #write} wrote it, without what {@link #leaveOut} names; or null. */
    private Object readWithTimestamps(DataInputView in) throws IOException {
        switch (kind) {
            case VALUE, REDUCING -> {
                long timestamp = in.readLong();
                return kept(new TtlValue(values.deserialize(in), timestamp));
            }
            case LIST -> {
                int size = readCount(in, "list");
                ArrayList<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    long timestamp = in.readLong();
                    list.add(new TtlValue(values.deserialize(in), timestamp));
                }
                return kept(list);
            }
            default -> {
                int size = readCount(in, "map");
                HashMap<Object, Object> map = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    Object userKey = values.deserialize(in);
                    long timestamp = in.readLong();
                    map.put(userKey, new TtlValue(in.readBoolean() ? mapValues.deserialize(in) : null, timestamp));
                }
                return kept(map);
            }
        }
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
