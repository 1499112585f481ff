package dev.spindle.checkpoint;

import java.io.IOException;

/**
 * Where a {@link CheckpointCoordinator} takes its checkpoint ids from: with high availability a
 * counter in ZooKeeper, so that a new leader never reuses an id the old one had started a
 * checkpoint with.
 */
@FunctionalInterface
public interface CheckpointIdSource {
    /** Ids that live as long as the coordinator: each is the smallest allowed. */
    CheckpointIdSource IN_MEMORY = atLeast -> atLeast;

    /**
     * The next id, counted as taken: at least {@code atLeast} (after every id taken and every
     * restored checkpoint's).
     *
     * @throws IOException when the source cannot be asked (ZooKeeper unreachable)
     */
    long next(long atLeast) throws IOException;
}
