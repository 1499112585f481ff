package dev.spindle.state;

import dev.spindle.types.TypeInfo;
import dev.spindle.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The entries of one named state: one {@link StateMap} per key group of the backend's range, from
 * key to value (for list and map state, to an {@link ArrayList} or {@link HashMap} container).
 * Value and reducing states of type {@code Long} keep the groups whose keys are {@code Long}s in
 * {@link LongStateMap}s; a group that meets another key becomes a {@link HashStateMap}. States with
 * time-to-live keep {@link TtlValue}s, in {@link HashStateMap}s only.
 *
 * <p>Copy-on-write by key group: {@link #capture()} hands out the current group maps and marks
 * them shared; a shared map is never changed again. The first write to a shared group replaces
 * it by a copy (for list and map state with copies of the containers too, since those are changed
 * in place), so a snapshot reads exactly the state of {@code capture()} while the task thread goes
 * on. Reads never copy. Task thread only, except that captured maps may be read by any thread.
 */
final class StateTable {
    final String name;
    final StateKind kind;
    /** The value type; for list state the element type, for map state the user key type. */
    final TypeInfo<?> type;
    /** The user value type of map state; null for the other kinds. */
    final TypeInfo<?> mapValueType;
    /** The state's time-to-live, or null; with it, values are {@link TtlValue}s (see {@link Ttl}). */
    final Ttl ttl;
    /** Whether groups with {@code Long} keys are kept in {@link LongStateMap}s. */
    private final boolean unboxed;

    private final StateMap[] groups;
    private final boolean[] shared;

    StateTable(String name, StateKind kind, TypeInfo<?> type, TypeInfo<?> mapValueType, Ttl ttl, int groupCount) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.mapValueType = mapValueType;
        this.ttl = ttl;
        // A value with a timestamp is not a long: states with time-to-live never take the fast path.
        this.unboxed = (kind == StateKind.VALUE || kind == StateKind.REDUCING) && type == Types.LONG && ttl == null;
        this.groups = new StateMap[groupCount];
        this.shared = new boolean[groupCount];
    }

    /** The value (or container) of {@code key} in the group at {@code offset}, or null; never copies. */
    Object get(int offset, Object key) {
        StateMap group = groups[offset];
        return group == null ? null : group.get(key);
    }

    /** Sets the value of {@code key} in the group at {@code offset}; null is not a value. */
    void put(int offset, Object key, Object value) {
        StateMap group = writeGroup(offset, key);
        if (!group.put(key, value)) {
            HashStateMap general = toHashMap(group);
            groups[offset] = general;
            general.put(key, value);
        }
    }

    /** Removes the entry of {@code key}; copies a shared group only when there is one to remove. */
    void remove(int offset, Object key) {
        StateMap group = groups[offset];
        if (group != null && group.containsKey(key)) {
            writeGroup(offset, key).remove(key);
        }
    }

    /**
     * The container of {@code key} for list and map state, created by {@code create} when absent;
     * the caller may change it in place.
     */
    Object container(int offset, Object key, Function<Object, Object> create) {
        return hashGroupForWrite(offset, key).map().computeIfAbsent(key, create);
    }

    /** The group at {@code offset} as a hash map for writing; for list and map state. */
    HashStateMap hashGroupForWrite(int offset, Object key) {
        StateMap group = writeGroup(offset, key);
        if (group instanceof HashStateMap hash) {
            return hash;
        }
        HashStateMap general = toHashMap(group);
        groups[offset] = general;
        return general;
    }

    /** The group's map for writing, created when absent and copied first when a snapshot holds it. */
    private StateMap writeGroup(int offset, Object firstKey) {
        StateMap group = groups[offset];
        if (group == null) {
            group = unboxed && firstKey instanceof Long ? new LongStateMap() : new HashStateMap();
            groups[offset] = group;
        } else if (shared[offset]) {
            group = copyGroup(offset);
        }
        return group;
    }

    private StateMap copyGroup(int offset) {
        StateMap copy = groups[offset].copy();
        if (copy instanceof HashStateMap hash) {
            if (kind == StateKind.LIST) {
                hash.map().replaceAll((key, list) -> new ArrayList<>((ArrayList<?>) list));
            } else if (kind == StateKind.MAP) {
                hash.map().replaceAll((key, map) -> new HashMap<>((HashMap<?, ?>) map));
            }
        }
        groups[offset] = copy;
        shared[offset] = false;
        return copy;
    }

    private static HashStateMap toHashMap(StateMap group) {
        HashMap<Object, Object> entries = new HashMap<>();
        forEachUnchecked(group, entries::put);
        return new HashStateMap(entries);
    }

    /** Sets a group's entries; for restoring, before any snapshot. */
    void setGroup(int offset, HashMap<Object, Object> entries) {
        StateMap group = new HashStateMap(entries);
        if (unboxed && allLongs(entries)) {
            LongStateMap longs = new LongStateMap();
            entries.forEach(longs::put);
            group = longs;
        }
        groups[offset] = group;
        shared[offset] = false;
    }

    private static boolean allLongs(HashMap<Object, Object> entries) {
        for (var e : entries.entrySet()) {
            if (!(e.getKey() instanceof Long) || !(e.getValue() instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The group maps as they are now, by group offset (null for groups without entries), marked
     * shared so that the task thread never changes them again. O(key groups); copies no entry.
     */
    StateMap[] capture() {
        StateMap[] captured = groups.clone();
        for (int i = 0; i < captured.length; i++) {
            if (captured[i] != null) {
                shared[i] = true;
            }
        }
        return captured;
    }

    /** Whether the group at {@code offset} is held by a snapshot; for tests. */
    boolean isShared(int offset) {
        return shared[offset];
    }

    /** The kind of map of the group at {@code offset}, or null when it has none; for tests. */
    Class<? extends StateMap> groupClass(int offset) {
        return groups[offset] == null ? null : groups[offset].getClass();
    }

    boolean isEmpty() {
        for (StateMap group : groups) {
            if (group != null && !group.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void forEach(BiConsumer<Object, Object> visitor) {
        for (StateMap group : groups) {
            if (group != null) {
                forEachUnchecked(group, visitor);
            }
        }
    }

    private static void forEachUnchecked(StateMap group, BiConsumer<Object, Object> visitor) {
        try {
            group.forEach(visitor::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the visitor does no I/O
        }
    }
}
