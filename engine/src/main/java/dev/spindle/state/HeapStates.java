package dev.spindle.state;

import java.util.HashMap;

/** What the heap states share. */
final class HeapStates {
    private HeapStates() {}

    /** The current key's value or container, or null; never copies. */
    static Object current(KeyContext context, StateTable table) {
        HashMap<Object, Object> group = table.readGroup(context.groupOffset());
        return group == null ? null : group.get(context.key());
    }

    /** Removes the current key's entry; copies a shared group only when there is one to remove. */
    static void removeCurrent(KeyContext context, StateTable table) {
        int offset = context.groupOffset();
        HashMap<Object, Object> group = table.readGroup(offset);
        if (group != null && group.containsKey(context.key())) {
            table.writeGroup(offset).remove(context.key());
        }
    }
}
