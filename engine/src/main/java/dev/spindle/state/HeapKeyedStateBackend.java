package dev.spindle.state;

import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Keyed state in hash maps on the heap, one map per key group and state, so that the state of a
 * key group can later be snapshotted and moved on its own (rescaling).
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {
    private final KeyGroupRange range;
    private final int maxParallelism;
    private final Map<String, StateTable> tables = new HashMap<>();
    private Object currentKey;
    private int currentGroupOffset = -1;

    public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
        this.range = Objects.requireNonNull(range, "range");
        this.maxParallelism = maxParallelism;
    }

    @Override
    public void setCurrentKey(Object key) {
        int group = KeyHashing.keyGroupFor(key, maxParallelism);
        if (!range.contains(group)) {
            throw new IllegalStateException("key '" + key + "' belongs to key group " + group + ", which this subtask ("
                    + range + ") does not hold; the key's hashCode() must be the same in every JVM");
        }
        currentKey = key;
        currentGroupOffset = group - range.start();
    }

    @Override
    public Object currentKey() {
        return currentKey;
    }

    @Override
    public <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor) {
        StateTable table = tables.computeIfAbsent(
                descriptor.name(), n -> new StateTable(range.endInclusive() - range.start() + 1));
        return new HeapValueState<>(table, descriptor.defaultValue());
    }

    @Override
    public void forEachEntry(String stateName, BiConsumer<Object, Object> visitor) {
        StateTable table = tables.get(stateName);
        if (table == null) {
            return;
        }
        for (HashMap<Object, Object> group : table.groups) {
            if (group != null) {
                group.forEach(visitor);
            }
        }
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    /** The values of one state, by key group then key. */
    private static final class StateTable {
        final HashMap<Object, Object>[] groups;

        @SuppressWarnings("unchecked") // generic array creation
        StateTable(int groupCount) {
            groups = (HashMap<Object, Object>[]) new HashMap<?, ?>[groupCount];
        }
    }

    private final class HeapValueState<T> implements ValueState<T> {
        private final StateTable table;
        private final T defaultValue;

        HeapValueState(StateTable table, T defaultValue) {
            this.table = table;
            this.defaultValue = defaultValue;
        }

        private HashMap<Object, Object> group(boolean create) {
            if (currentGroupOffset < 0) {
                throw new IllegalStateException("keyed state is used outside of processing a keyed record");
            }
            HashMap<Object, Object> g = table.groups[currentGroupOffset];
            if (g == null && create) {
                g = new HashMap<>();
                table.groups[currentGroupOffset] = g;
            }
            return g;
        }

        @Override
        @SuppressWarnings("unchecked") // values of this table are only ever written as T
        public T value() {
            HashMap<Object, Object> g = group(false);
            Object v = g == null ? null : g.get(currentKey);
            return v == null ? defaultValue : (T) v;
        }

        @Override
        public void update(T value) {
            if (value == null) {
                clear();
            } else {
                group(true).put(currentKey, value);
            }
        }

        @Override
        public void clear() {
            HashMap<Object, Object> g = group(false);
            if (g != null) {
                g.remove(currentKey);
            }
        }
    }
}
