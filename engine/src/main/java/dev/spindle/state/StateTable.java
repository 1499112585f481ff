package dev.spindle.state;

import dev.spindle.types.TypeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The entries of one named state: one hash map per key group of the backend's range, from key to
 * value (for list and map state, to an {@link ArrayList} or {@link HashMap} container).
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

    private final HashMap<Object, Object>[] groups;
    private final boolean[] shared;

    @SuppressWarnings("unchecked") // generic array creation
    StateTable(String name, StateKind kind, TypeInfo<?> type, TypeInfo<?> mapValueType, int groupCount) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.mapValueType = mapValueType;
        this.groups = (HashMap<Object, Object>[]) new HashMap<?, ?>[groupCount];
        this.shared = new boolean[groupCount];
    }

    /** The group's map for reading, or null when the group has no entries yet. */
    HashMap<Object, Object> readGroup(int offset) {
        return groups[offset];
    }

    /** The group's map for writing, created when absent and copied first when a snapshot holds it. */
    HashMap<Object, Object> writeGroup(int offset) {
        HashMap<Object, Object> group = groups[offset];
        if (group == null) {
            group = new HashMap<>();
            groups[offset] = group;
        } else if (shared[offset]) {
            group = copyGroup(offset);
        }
        return group;
    }

    private HashMap<Object, Object> copyGroup(int offset) {
        HashMap<Object, Object> copy = new HashMap<>(groups[offset]);
        if (kind == StateKind.LIST) {
            copy.replaceAll((key, list) -> new ArrayList<>((ArrayList<?>) list));
        } else if (kind == StateKind.MAP) {
            copy.replaceAll((key, map) -> new HashMap<>((HashMap<?, ?>) map));
        }
        groups[offset] = copy;
        shared[offset] = false;
        return copy;
    }

    /** Replaces a group's map; for restoring, before any snapshot. */
    void setGroup(int offset, HashMap<Object, Object> group) {
        groups[offset] = group;
        shared[offset] = false;
    }

    /**
     * The group maps as they are now, by group offset (null for groups without entries), marked
     * shared so that the task thread never changes them again. O(key groups); copies no entry.
     */
    HashMap<Object, Object>[] capture() {
        HashMap<Object, Object>[] captured = groups.clone();
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

    boolean isEmpty() {
        for (Map<Object, Object> group : groups) {
            if (group != null && !group.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void forEach(BiConsumer<Object, Object> visitor) {
        for (HashMap<Object, Object> group : groups) {
            if (group != null) {
                group.forEach(visitor);
            }
        }
    }
}
