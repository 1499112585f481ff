package dev.spindle.state;

import java.io.IOException;

/**
 * The entries of one state in one key group, from key to value (or container). Two kinds: a
 * {@link HashStateMap} for any keys and values, and a {@link LongStateMap} that keeps {@code Long}
 * keys and {@code Long} values unboxed in one array, for value and reducing states of type
 * {@code Long} under {@code Long} keys (counters and sums by numeric id, the commonest keyed
 * state), where it saves the pointer chasing of a hash map of boxed entries. Task thread only;
 * a map that a snapshot holds is never changed again (see {@link StateTable}).
 */
abstract sealed class StateMap permits HashStateMap, LongStateMap {
    /** Visits one entry; may throw the I/O errors of writing it. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(Object key, Object value) throws IOException;
    }

    /** The value of {@code key}, or null. */
    abstract Object get(Object key);

    abstract boolean containsKey(Object key);

    /**
     * Sets the value of {@code key} unless this map cannot hold such an entry (a {@link
     * LongStateMap} holds only {@code Long}s); returns whether it did.
     */
    abstract boolean put(Object key, Object value);

    abstract void remove(Object key);

    abstract int size();

    final boolean isEmpty() {
        return size() == 0;
    }

    abstract void forEach(EntryVisitor visitor) throws IOException;

    /** A copy whose entries are the same objects; containers are the caller's to copy. */
    abstract StateMap copy();
}
