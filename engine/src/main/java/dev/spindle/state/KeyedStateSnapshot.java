package dev.spindle.state;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The keyed state of one backend as it was at {@link KeyedStateBackend#snapshot()}, not yet
 * written. Taking it is cheap (no entry is copied); {@link #writeTo} does the work on another
 * thread while the task thread goes on changing the backend, which does not affect the snapshot.
 *
 * <p>Exactly one of {@link #writeTo} or {@link #release} is called, once, from any thread.
 */
public interface KeyedStateSnapshot {

    /** True when the backend held no entry in any state: the checkpoint may record no keyed state. */
    boolean isEmpty();

    /**
     * Writes the snapshot in the keyed state file format (see docs/state.md) to {@code out},
     * which is flushed, not closed. Releases the snapshot, also when it fails.
     *
     * @throws IOException from {@code out}, or when a value cannot be serialized
     * @throws IllegalStateException when the snapshot was already written or released
     */
    void writeTo(OutputStream out) throws IOException;

    /** Drops a snapshot that will not be written (a declined or aborted checkpoint). Idempotent. */
    void release();
}
