package dev.spindle.state;

import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the keyed state tests. */
final class KeyedStateTesting {
    static final int MAX_PARALLELISM = 128;
    static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);

    private KeyedStateTesting() {}

    /** The first {@code count} Long keys from 0 up whose key group lies in {@code range}. */
    static List<Object> keysIn(KeyGroupRange range, int maxParallelism, int count) {
        List<Object> keys = new ArrayList<>();
        for (long k = 0; keys.size() < count; k++) {
            if (range.contains(KeyHashing.keyGroupFor(k, maxParallelism))) {
                keys.add(k);
            }
        }
        return keys;
    }

    static byte[] write(KeyedStateSnapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshot.writeTo(out);
        return out.toByteArray();
    }

    static HeapKeyedStateBackend restore(KeyGroupRange range, byte[]... files) throws IOException {
        List<InputStream> streams = new ArrayList<>();
        for (byte[] file : files) {
            streams.add(new ByteArrayInputStream(file));
        }
        return HeapKeyedStateBackend.restore(range, MAX_PARALLELISM, KeyedStateTesting.class.getClassLoader(), streams);
    }

    /** The entries of one state, with list and map containers copied. */
    static Map<Object, Object> entries(KeyedStateBackend backend, String state) {
        Map<Object, Object> result = new HashMap<>();
        backend.forEachEntry(state, (key, value) -> result.put(key, copy(value)));
        return result;
    }

    static Object copy(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Map<?, ?> map) {
            return new HashMap<>(map);
        }
        return value;
    }
}
