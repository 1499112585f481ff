package dev.spindle.state;

/**
 * A value of a state with time-to-live and the time its life started (its last write, or also
 * read, in epoch milliseconds). Value and reducing states keep one per key, list states one per
 * element, map states one per user key. Immutable, so copy-on-write may share it.
 */
record TtlValue(Object value, long timestamp) {}
