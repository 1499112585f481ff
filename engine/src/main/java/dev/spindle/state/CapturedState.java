package dev.spindle.state;

import dev.spindle.types.TypeInfo;
import java.util.function.LongPredicate;

/**
 * One state as a snapshot holds it: either the group maps captured from its {@link StateTable}
 * (never changed again), or, for a restored state that no operator has registered yet, its blocks
 * as they were read. Both arrays are indexed by key group offset and hold null for empty groups.
 * {@code timestamps} says whether the values carry time-to-live timestamps; {@code expired},
 * when not null, tells the timestamps of entries that the snapshot leaves out (cleanup in full
 * snapshots, decided at capture time).
 */
record CapturedState(
        String name,
        StateKind kind,
        TypeInfo<?> type,
        TypeInfo<?> mapValueType,
        StateMap[] groups,
        byte[][] blocks,
        boolean timestamps,
        LongPredicate expired) {

    static CapturedState of(StateTable table) {
        Ttl ttl = table.ttl;
        LongPredicate expired = null;
        if (ttl != null && ttl.config.isCleanupInFullSnapshot()) {
            long now = ttl.now();
            expired = timestamp -> ttl.expired(timestamp, now);
        }
        return new CapturedState(
                table.name, table.kind, table.type, table.mapValueType, table.capture(), null, ttl != null, expired);
    }

    static CapturedState of(String name, RestoredState restored) {
        return new CapturedState(
                name, restored.kind(), null, null, null, restored.blocks(), restored.timestamps(), null);
    }

    /** The state's kind byte in the file header. */
    int kindCode() {
        return kind.code | (timestamps ? KeyedStateFile.TIMESTAMPS : 0);
    }

    boolean hasEntries(int offset) {
        return groups != null ? groups[offset] != null && !groups[offset].isEmpty() : blocks[offset] != null;
    }

    boolean isEmpty() {
        int n = groups != null ? groups.length : blocks.length;
        for (int i = 0; i < n; i++) {
            if (hasEntries(i)) {
                return false;
            }
        }
        return true;
    }
}
