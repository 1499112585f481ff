package dev.spindle.state;

import dev.spindle.api.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link MapState} with time-to-live: a {@link HashMap} from user key to {@link TtlValue} per key,
 * so that every user key expires on its own (as in Flink). The iterating reads ({@link #entries},
 * {@link #keys}, {@link #values}) return copies of the visible entries and remove the expired ones.
 */
final class TtlMapState<UK, UV> implements MapState<UK, UV> {
    private final KeyContext context;
    private final StateTable table;

    TtlMapState(KeyContext context, StateTable table) {
        this.context = context;
        this.table = table;
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever maps of UK to TtlValue
    private Map<UK, TtlValue> readMap() {
        return (Map<UK, TtlValue>) HeapStates.current(context, table);
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever maps of UK to TtlValue
    private Map<UK, TtlValue> writableMap() {
        return (Map<UK, TtlValue>) table.container(context.groupOffset(), context.key(), k -> new HashMap<>());
    }

    /** The entry of {@code key} as a read sees it, or null; removes it when expired, refreshes it on read. */
    private TtlValue access(UK key) {
        Map<UK, TtlValue> map = readMap();
        TtlValue entry = map == null ? null : map.get(key);
        if (entry == null) {
            return null;
        }
        Ttl ttl = table.ttl;
        long now = ttl.now();
        if (ttl.expired(entry.timestamp(), now)) {
            remove(key);
            return ttl.returnExpired ? entry : null;
        }
        if (ttl.updateOnRead) {
            writableMap().put(key, new TtlValue(entry.value(), now));
        }
        return entry;
    }

    /** The visible entries of the current key, in a new map; removes the expired ones, refreshes on read. */
    @SuppressWarnings("unchecked") // user values of this table are only ever UV
    private Map<UK, UV> visible() {
        Map<UK, TtlValue> map = readMap();
        if (map == null) {
            return Map.of();
        }
        Ttl ttl = table.ttl;
        long now = ttl.now();
        Map<UK, UV> visible = new LinkedHashMap<>();
        HashMap<UK, TtlValue> kept = new HashMap<>();
        map.forEach((key, entry) -> {
            boolean expired = ttl.expired(entry.timestamp(), now);
            if (!expired || ttl.returnExpired) {
                visible.put(key, (UV) entry.value());
            }
            if (!expired) {
                kept.put(key, ttl.updateOnRead ? new TtlValue(entry.value(), now) : entry);
            }
        });
        if (kept.isEmpty()) {
            clear();
        } else if (kept.size() < map.size() || ttl.updateOnRead) {
            table.put(context.groupOffset(), context.key(), kept);
        }
        return visible;
    }

    @Override
    @SuppressWarnings("unchecked") // user values of this table are only ever UV
    public UV get(UK key) {
        TtlValue entry = access(key);
        return entry == null ? null : (UV) entry.value();
    }

    @Override
    public void put(UK key, UV value) {
        Objects.requireNonNull(key, "MapState keys must not be null");
        writableMap().put(key, new TtlValue(value, table.ttl.now()));
    }

    @Override
    public void putAll(Map<UK, UV> entries) {
        Objects.requireNonNull(entries, "entries");
        if (!entries.isEmpty()) {
            for (UK key : entries.keySet()) {
                Objects.requireNonNull(key, "MapState keys must not be null");
            }
            long now = table.ttl.now();
            Map<UK, TtlValue> map = writableMap();
            entries.forEach((key, value) -> map.put(key, new TtlValue(value, now)));
        }
    }

    @Override
    public void remove(UK key) {
        Map<UK, TtlValue> map = readMap();
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
        return access(key) != null;
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        return Collections.unmodifiableMap(visible()).entrySet();
    }

    @Override
    public Iterable<UK> keys() {
        return Collections.unmodifiableSet(visible().keySet());
    }

    @Override
    public Iterable<UV> values() {
        return Collections.unmodifiableCollection(visible().values());
    }

    @Override
    public boolean isEmpty() {
        return visible().isEmpty();
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
