package dev.spindle.state;

import java.io.IOException;

/**
 * A {@link StateMap} from {@code long} to {@code long}: open addressing with linear probing in one
 * array of key-value pairs ({@code slots[2i]} the key, {@code slots[2i + 1]} the value), so that
 * a lookup and the update after it touch one cache line, instead of a table slot, a node, a boxed
 * key and a boxed value as in a {@code HashMap<Long, Long>}. Key 0 marks a free slot, so the
 * entry of key 0 is kept on the side. Removal shifts the following entries back (no tombstones).
 * Copying is one array copy. Holds only {@code Long} keys and values: {@link #put} refuses others.
 */
final class LongStateMap extends StateMap {
    private static final int MIN_CAPACITY = 16;
    /** The table grows (doubles) when more than this share of its slots is taken. */
    private static final double MAX_FILL = 0.6;

    private long[] slots;
    private int mask;
    private int shift;
    private int size; // entries in slots, the zero key's not counted
    private boolean hasZeroKey;
    private long zeroKeyValue;

    LongStateMap() {
        allocate(MIN_CAPACITY);
    }

    private LongStateMap(LongStateMap other) {
        this.slots = other.slots.clone();
        this.mask = other.mask;
        this.shift = other.shift;
        this.size = other.size;
        this.hasZeroKey = other.hasZeroKey;
        this.zeroKeyValue = other.zeroKeyValue;
    }

    private void allocate(int capacity) {
        slots = new long[2 * capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** The slot where a probe for {@code key} starts: Fibonacci hashing, the product's high bits. */
    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The slot of {@code key} (not 0), or -1. */
    private int find(long key) {
        long[] s = slots;
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = s[2 * i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    @Override
    Object get(Object key) {
        if (!(key instanceof Long boxed)) {
            return null;
        }
        long k = boxed;
        if (k == 0) {
            return hasZeroKey ? Long.valueOf(zeroKeyValue) : null;
        }
        int slot = find(k);
        return slot < 0 ? null : Long.valueOf(slots[2 * slot + 1]);
    }

    @Override
    boolean containsKey(Object key) {
        if (!(key instanceof Long boxed)) {
            return false;
        }
        long k = boxed;
        return k == 0 ? hasZeroKey : find(k) >= 0;
    }

    @Override
    boolean put(Object key, Object value) {
        if (!(key instanceof Long boxedKey) || !(value instanceof Long boxedValue)) {
            return false;
        }
        long k = boxedKey;
        long v = boxedValue;
        if (k == 0) {
            hasZeroKey = true;
            zeroKeyValue = v;
            return true;
        }
        long[] s = slots;
        int i = home(k);
        for (; ; i = (i + 1) & mask) {
            long existing = s[2 * i];
            if (existing == k) {
                s[2 * i + 1] = v;
                return true;
            }
            if (existing == 0) {
                break;
            }
        }
        s[2 * i] = k;
        s[2 * i + 1] = v;
        if (++size > MAX_FILL * (mask + 1)) {
            rehash(2 * (mask + 1));
        }
        return true;
    }

    private void rehash(int capacity) {
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        for (int j = 0; j < old.length; j += 2) {
            long k = old[j];
            if (k != 0) {
                int i = home(k);
                while (s[2 * i] != 0) {
                    i = (i + 1) & mask;
                }
                s[2 * i] = k;
                s[2 * i + 1] = old[j + 1];
            }
        }
    }

    @Override
    void remove(Object key) {
        if (!(key instanceof Long boxed)) {
            return;
        }
        long k = boxed;
        if (k == 0) {
            hasZeroKey = false;
            zeroKeyValue = 0;
            return;
        }
        int slot = find(k);
        if (slot >= 0) {
            size--;
            shiftBack(slot);
        }
    }

    /**
     * Empties slot {@code free} and moves back every later entry of the same probe run whose home
     * is not between {@code free} and its slot, so that every entry stays reachable from its home.
     */
    private void shiftBack(int free) {
        long[] s = slots;
        int i = free;
        while (true) {
            i = (i + 1) & mask;
            long k = s[2 * i];
            if (k == 0) {
                break;
            }
            int home = home(k);
            // The entry at i may move to free unless its home lies cyclically in (free, i].
            boolean homeInBetween = free <= i ? free < home && home <= i : free < home || home <= i;
            if (!homeInBetween) {
                s[2 * free] = k;
                s[2 * free + 1] = s[2 * i + 1];
                free = i;
            }
        }
        s[2 * free] = 0;
        s[2 * free + 1] = 0;
    }

    @Override
    int size() {
        return size + (hasZeroKey ? 1 : 0);
    }

    @Override
    void forEach(EntryVisitor visitor) throws IOException {
        if (hasZeroKey) {
            visitor.visit(0L, zeroKeyValue);
        }
        long[] s = slots;
        for (int j = 0; j < s.length; j += 2) {
            if (s[j] != 0) {
                visitor.visit(s[j], s[j + 1]);
            }
        }
    }

    @Override
    LongStateMap copy() {
        return new LongStateMap(this);
    }
}
