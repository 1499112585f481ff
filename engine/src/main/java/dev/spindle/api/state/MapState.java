package dev.spindle.api.state;

import java.util.Map;

/**
 * A map per key: user keys to user values. Reads and writes apply to the key of the record being
 * processed. User keys must not be null; user values may be.
 *
 * <p>Keys and values handed to the state must not be changed by the caller afterwards: a
 * checkpoint may still be writing them on another thread. The collections returned by
 * {@link #entries()}, {@link #keys()} and {@link #values()} are read-only views that may reflect
 * later changes of this key's map, so do not change the state while iterating them.
 */
public interface MapState<UK, UV> {
    /** The value of {@code key}, or null when the key is absent (or mapped to null). */
    UV get(UK key);

    void put(UK key, UV value);

    void putAll(Map<UK, UV> map);

    void remove(UK key);

    boolean contains(UK key);

    /** The entries of the current key's map; empty, never null, when there are none. */
    Iterable<Map.Entry<UK, UV>> entries();

    Iterable<UK> keys();

    Iterable<UV> values();

    /** True when the current key has no entries. */
    boolean isEmpty();

    /** Removes the current key's map. */
    void clear();
}
