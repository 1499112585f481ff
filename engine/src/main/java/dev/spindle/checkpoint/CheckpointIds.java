package dev.spindle.checkpoint;

import dev.spindle.ha.CheckpointIdCounter;
import java.io.IOException;

/**
 * A job's checkpoint ids: taken from its {@link CheckpointIdCounter} (in ZooKeeper with high
 * availability, so that a new leader never reuses an id the old one had started a checkpoint with),
 * and never below a floor that a restore raises (a savepoint of another job may have any id; tasks
 * restored from it ignore checkpoints with smaller ids). Where the counter lags behind the floor it
 * is raised too, for the next leader. Thread-safe; the counter is not asked under any lock.
 */
final class CheckpointIds {
    private final CheckpointIdCounter counter;
    private long floor = CheckpointIdCounter.INITIAL_CHECKPOINT_ID;

    CheckpointIds(CheckpointIdCounter counter) {
        this.counter = counter;
    }

    /** The next ids are larger than {@code restoredId}. */
    synchronized void restoredFrom(long restoredId) {
        floor = Math.max(floor, restoredId + 1);
    }

    /**
     * The next id, counted as taken.
     *
     * @throws IOException when the counter cannot be asked (ZooKeeper unreachable)
     */
    long take() throws IOException {
        long min;
        synchronized (this) {
            min = floor;
        }
        long id = counter.getAndIncrement();
        if (id < min) {
            counter.setCount(min + 1);
            id = min;
        }
        synchronized (this) {
            floor = Math.max(floor, id + 1);
        }
        return id;
    }
}
