package dev.spindle.state;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.StateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.DataInputView;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import dev.spindle.types.TypeInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Keyed state in hash maps on the heap, one map per key group and state ({@link StateTable}), so
 * that the state of a key group can be snapshotted copy-on-write and moved on its own
 * (rescaling). Snapshots are written in the keyed state file format ({@link KeyedStateFile}) and
 * read back by {@link #restore}.
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {
    private final KeyGroupRange range;
    private final int maxParallelism;
    private final ClassLoader userClassLoader;
    private final KeyContext context = new KeyContext();
    private final Map<String, StateTable> tables = new LinkedHashMap<>();
    /** Restored states not registered yet, as bytes; see {@link RestoredState}. */
    private final Map<String, RestoredState> restored;

    /** An empty backend whose values are serialized with classes from {@code userClassLoader}. */
    public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism, ClassLoader userClassLoader) {
        this(range, maxParallelism, userClassLoader, new LinkedHashMap<>());
    }

    /** An empty backend for values of classes that this class's loader sees (tests, BATCH jobs). */
    public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
        this(range, maxParallelism, HeapKeyedStateBackend.class.getClassLoader());
    }

    private HeapKeyedStateBackend(
            KeyGroupRange range, int maxParallelism, ClassLoader userClassLoader, Map<String, RestoredState> restored) {
        this.range = Objects.requireNonNull(range, "range");
        this.maxParallelism = maxParallelism;
        this.userClassLoader = Objects.requireNonNull(userClassLoader, "userClassLoader");
        this.restored = restored;
    }

    /**
     * A backend for {@code range} with the entries of the key groups in {@code range} from
     * keyed state files that {@link KeyedStateSnapshot#writeTo} wrote, for any key group ranges
     * of the same max parallelism (the files of all subtasks, or only those that overlap). The
     * streams are read to the end of the file and not closed. Restored states are decoded when
     * the operator registers them, because only then are their value types known.
     *
     * @throws IOException when a file is truncated, corrupt, of another format version or of
     *     another max parallelism, or a key group is in two files
     */
    public static HeapKeyedStateBackend restore(
            KeyGroupRange range, int maxParallelism, ClassLoader userClassLoader, List<InputStream> files)
            throws IOException {
        Map<String, RestoredState> states = KeyedStateFileReader.read(range, maxParallelism, files);
        return new HeapKeyedStateBackend(range, maxParallelism, userClassLoader, states);
    }

    @Override
    public void setCurrentKey(Object key) {
        int group = KeyHashing.keyGroupFor(key, maxParallelism);
        if (!range.contains(group)) {
            throw new IllegalStateException("key '" + key + "' belongs to key group " + group + ", which this subtask ("
                    + range + ") does not hold; the key's hashCode() must be the same in every JVM");
        }
        context.set(key, group - range.start());
    }

    @Override
    public Object currentKey() {
        return context.key();
    }

    @Override
    public <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor) {
        StateTable table = table(descriptor, StateKind.VALUE, descriptor.type(), null);
        return table.ttl == null
                ? new HeapValueState<>(context, table, descriptor.defaultValue())
                : new TtlValueState<>(context, table, descriptor.defaultValue());
    }

    @Override
    public <T> ListState<T> listState(ListStateDescriptor<T> descriptor) {
        StateTable table = table(descriptor, StateKind.LIST, descriptor.elementType(), null);
        return table.ttl == null ? new HeapListState<>(context, table) : new TtlListState<>(context, table);
    }

    @Override
    public <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> descriptor) {
        StateTable table = table(descriptor, StateKind.MAP, descriptor.keyType(), descriptor.valueType());
        return table.ttl == null ? new HeapMapState<>(context, table) : new TtlMapState<>(context, table);
    }

    @Override
    public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor) {
        StateTable table = table(descriptor, StateKind.REDUCING, descriptor.type(), null);
        return table.ttl == null
                ? new HeapReducingState<>(context, table, descriptor.reducer())
                : new TtlReducingState<>(context, table, descriptor.reducer());
    }

    /** The table of a state, created (and filled from restored bytes) on first use. */
    private StateTable table(StateDescriptor descriptor, StateKind kind, TypeInfo<?> type, TypeInfo<?> mapValueType) {
        String name = descriptor.name();
        StateTable table = tables.get(name);
        if (table != null) {
            checkKind(name, table.kind, kind, "is already registered as");
            if ((table.ttl == null) != (descriptor.ttlConfig() == null)) {
                throw new IllegalStateException("state '" + name + "' is already registered "
                        + (table.ttl == null ? "without" : "with") + " a time-to-live; register every use of a"
                        + " state name with the same StateTtlConfig");
            }
            return table;
        }
        RestoredState bytes = restored.get(name);
        if (bytes != null) {
            checkKind(name, bytes.kind(), kind, "was restored from a checkpoint as");
        }
        table = new StateTable(name, kind, type, mapValueType, Ttl.of(descriptor.ttlConfig()), range.size());
        if (bytes != null) {
            decode(table, bytes);
            restored.remove(name);
        }
        tables.put(name, table);
        return table;
    }

    private static void checkKind(String name, StateKind existing, StateKind requested, String how) {
        if (existing != requested) {
            throw new IllegalStateException("state '" + name + "' " + how + " a " + existing.displayName
                    + " and cannot be used as a " + requested.displayName + "; a state name keeps its kind,"
                    + " so use a new name for the " + requested.displayName);
        }
    }

    /**
     * Fills a table from restored blocks. A state written with time-to-live and restored without
     * loses its timestamps; one written without and restored with gets the time of the restore.
     * With time-to-live, what has expired at the restore is not restored.
     */
    private void decode(StateTable table, RestoredState bytes) {
        StateEntryCodec codec =
                new StateEntryCodec(table.kind, table.type, table.mapValueType, bytes.timestamps(), userClassLoader);
        long now = table.ttl == null ? 0 : table.ttl.now();
        if (table.ttl != null && bytes.timestamps()) {
            codec.leaveOut(timestamp -> table.ttl.expired(timestamp, now));
        }
        DataInputView in = new DataInputView();
        byte[][] blocks = bytes.blocks();
        for (int offset = 0; offset < blocks.length; offset++) {
            if (blocks[offset] == null) {
                continue;
            }
            HashMap<Object, Object> group = new HashMap<>();
            in.setBuffer(blocks[offset], 0, blocks[offset].length);
            try {
                codec.read(in, group);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "cannot restore state '" + table.name + "' in key group "
                                + (range.start() + offset) + ": " + e.getMessage()
                                + "; is its type the same as in the job that wrote the checkpoint?",
                        e);
            }
            if (bytes.timestamps() && table.ttl == null) {
                group.replaceAll((key, entry) -> Ttl.unwrap(table.kind, entry));
            } else if (!bytes.timestamps() && table.ttl != null) {
                group.replaceAll((key, entry) -> Ttl.wrap(table.kind, entry, now));
            }
            table.setGroup(offset, group);
        }
    }

    @Override
    public void forEachEntry(String stateName, BiConsumer<Object, Object> visitor) {
        StateTable table = tables.get(stateName);
        if (table == null) {
            return;
        }
        if (table.ttl == null) {
            table.forEach(visitor);
            return;
        }
        long now = table.ttl.now();
        table.forEach((key, entry) -> {
            Object live = table.ttl.live(table.kind, entry, now);
            if (live != null) {
                visitor.accept(key, Ttl.unwrap(table.kind, live));
            }
        });
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    @Override
    public KeyedStateSnapshot snapshot() {
        List<CapturedState> states = new ArrayList<>(tables.size() + restored.size());
        for (StateTable table : tables.values()) {
            states.add(CapturedState.of(table));
        }
        restored.forEach((name, bytes) -> states.add(CapturedState.of(name, bytes)));
        return new HeapKeyedStateSnapshot(range, maxParallelism, userClassLoader, states);
    }

    /** Whether the named state's key group at {@code offset} in the range is held by a snapshot; for tests. */
    boolean isSharedWithSnapshot(String stateName, int offset) {
        return tables.get(stateName).isShared(offset);
    }

    /** Visits the named state's entries as they are stored (with time-to-live, as {@link TtlValue}s); for tests. */
    void forEachStored(String stateName, BiConsumer<Object, Object> visitor) {
        tables.get(stateName).forEach(visitor);
    }

    /** The kind of map that holds the named state's key group at {@code offset}, or null; for tests. */
    Class<? extends StateMap> groupClass(String stateName, int offset) {
        return tables.get(stateName).groupClass(offset);
    }
}
