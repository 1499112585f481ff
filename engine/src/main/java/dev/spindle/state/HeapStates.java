package dev.spindle.state;

/** What the heap states share. */
final class HeapStates {
    private HeapStates() {}

    /** The current key's value or container, or null; never copies. */
    static Object current(KeyContext context, StateTable table) {
        return table.get(context.groupOffset(), context.key());
    }

    /** Removes the current key's entry; copies a shared group only when there is one to remove. */
    static void removeCurrent(KeyContext context, StateTable table) {
        table.remove(context.groupOffset(), context.key());
    }
}
