package dev.spindle.state;

import dev.spindle.api.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link MapState} on a {@link StateTable}: a {@link HashMap} per key, never empty. */
final class HeapMapState<UK, UV> implements MapState<UK, UV> {
    private final KeyContext context;
    private final StateTable table;

    HeapMapState(KeyContext context, StateTable table) {
        this.context = context;
        this.table = table;
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever maps of UK to UV
    private Map<UK, UV> readMap() {
        return (Map<UK, UV>) HeapStates.current(context, table);
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever maps of UK to UV
    private Map<UK, UV> writableMap() {
        return (Map<UK, UV>) table.container(context.groupOffset(), context.key(), k -> new HashMap<>());
    }

    @Override
    public UV get(UK key) {
        Map<UK, UV> map = readMap();
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        Objects.requireNonNull(key, "MapState keys must not be null");
        writableMap().put(key, value);
    }

    @Override
    public void putAll(Map<UK, UV> entries) {
        Objects.requireNonNull(entries, "entries");
        if (!entries.isEmpty()) {
            for (UK key : entries.keySet()) {
                Objects.requireNonNull(key, "MapState keys must not be null");
            }
            writableMap().putAll(entries);
        }
    }

    @Override
    public void remove(UK key) {
        Map<UK, UV> map = readMap();
        if (map == null || !map.containsKey(key)) {
            return;
        }
        if (map.size() == 1) {
            clear();
        } else {
            writableMap().remove(key);
        }
    }

    @Override
    public boolean contains(UK key) {
        Map<UK, UV> map = readMap();
        return map != null && map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        Map<UK, UV> map = readMap();
        return map == null ? Set.of() : Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Iterable<UK> keys() {
        Map<UK, UV> map = readMap();
        return map == null ? Set.of() : Collections.unmodifiableSet(map.keySet());
    }

    @Override
    public Iterable<UV> values() {
        Map<UK, UV> map = readMap();
        return map == null ? List.of() : Collections.unmodifiableCollection(map.values());
    }

    @Override
    public boolean isEmpty() {
        Map<UK, UV> map = readMap();
        return map == null || map.isEmpty();
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
