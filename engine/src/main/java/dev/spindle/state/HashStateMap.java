package dev.spindle.state;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** A {@link StateMap} on a {@link HashMap}: any keys and values. */
final class HashStateMap extends StateMap {
    private final HashMap<Object, Object> map;

    HashStateMap() {
        this(new HashMap<>());
    }

    HashStateMap(HashMap<Object, Object> map) {
        this.map = map;
    }

    /** The map itself, for states that keep containers (list, map) and change them in place. */
    HashMap<Object, Object> map() {
        return map;
    }

    @Override
    Object get(Object key) {
        return map.get(key);
    }

    @Override
    boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    boolean put(Object key, Object value) {
        map.put(key, value);
        return true;
    }

    @Override
    void remove(Object key) {
        map.remove(key);
    }

    @Override
    int size() {
        return map.size();
    }

    @Override
    void forEach(EntryVisitor visitor) throws IOException {
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            visitor.visit(e.getKey(), e.getValue());
        }
    }

    @Override
    HashStateMap copy() {
        return new HashStateMap(new HashMap<>(map));
    }
}
