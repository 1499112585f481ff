package dev.spindle.ha;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Checkpoint pointers that live as long as their JobManager: without high availability. */
public final class InMemoryCheckpointPointerStore implements CheckpointPointerStore {
    private final ConcurrentSkipListMap<Long, String> pointers = new ConcurrentSkipListMap<>();

    @Override
    public void add(long checkpointId, String pointer) {
        pointers.put(checkpointId, Objects.requireNonNull(pointer, "pointer"));
    }

    @Override
    public void remove(long checkpointId) {
        pointers.remove(checkpointId);
    }

    @Override
    public SortedMap<Long, String> all() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(pointers));
    }

    @Override
    public void removeAll() {
        pointers.clear();
    }
}
