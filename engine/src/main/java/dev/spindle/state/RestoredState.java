package dev.spindle.state;

/**
 * A state read from keyed state files whose operator has not registered it yet: its kind and its
 * blocks ({@link StateEntryCodec}) by key group offset in the restoring backend's range, null for
 * groups without entries, and whether its values carry time-to-live timestamps. Kept as bytes
 * because the value types are only known at registration.
 */
record RestoredState(StateKind kind, boolean timestamps, byte[][] blocks) {}
