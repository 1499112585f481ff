package dev.spindle.state;

import dev.spindle.types.TypeInfo;

/**
 * One state as a snapshot holds it: either the group maps captured from its {@link StateTable}
 * (never changed again), or, for a restored state that no operator has registered yet, its blocks
 * as they were read. Both arrays are indexed by key group offset and hold null for empty groups.
 */
record CapturedState(
        String name, StateKind kind, TypeInfo<?> type, TypeInfo<?> mapValueType, StateMap[] groups, byte[][] blocks) {

    static CapturedState of(StateTable table) {
        return new CapturedState(table.name, table.kind, table.type, table.mapValueType, table.capture(), null);
    }

    static CapturedState of(String name, RestoredState restored) {
        return new CapturedState(name, restored.kind(), null, null, null, restored.blocks());
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
