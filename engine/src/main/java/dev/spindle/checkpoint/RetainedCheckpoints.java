package dev.spindle.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * The completed checkpoints a {@link CheckpointCoordinator} keeps to restore from: the newest
 * {@code numRetained} ({@code state.checkpoints.num-retained}), oldest first. Savepoints are never
 * among them: the user owns those. Kept apart from the coordinator so that what is kept, and what
 * a new checkpoint subsumes, is decided in one place.
 *
 * <p>Not thread-safe: the coordinator uses it under its lock.
 */
final class RetainedCheckpoints {
    private final int numRetained;
    private final Deque<CompletedCheckpoint> checkpoints = new ArrayDeque<>();

    RetainedCheckpoints(int numRetained) {
        this.numRetained = numRetained;
    }

    /** The newest, to restore from; null when there is none. */
    CompletedCheckpoint latest() {
        return checkpoints.peekLast();
    }

    /** Keeps {@code checkpoint}; returns the ones it subsumes, oldest first, whose files are to be deleted. */
    List<CompletedCheckpoint> add(CompletedCheckpoint checkpoint) {
        List<CompletedCheckpoint> subsumed = new ArrayList<>();
        checkpoints.addLast(checkpoint);
        while (checkpoints.size() > numRetained) {
            subsumed.add(checkpoints.removeFirst());
        }
        return subsumed;
    }

    /** Whether checkpoint {@code id} is kept. */
    boolean contains(long id) {
        for (CompletedCheckpoint c : checkpoints) {
            if (c.checkpointId() == id) {
                return true;
            }
        }
        return false;
    }

    /** The kept checkpoints, oldest first: a read-only view. */
    Collection<CompletedCheckpoint> all() {
        return Collections.unmodifiableCollection(checkpoints);
    }
}
