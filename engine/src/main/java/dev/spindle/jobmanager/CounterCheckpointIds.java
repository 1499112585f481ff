package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointIdSource;
import dev.spindle.ha.CheckpointIdCounter;
import java.io.IOException;

/**
 * A job's checkpoint ids from its {@link CheckpointIdCounter} (in ZooKeeper with high availability).
 * Where the counter lags behind the smallest allowed id (a restore from a savepoint with a larger
 * id: tasks restored from it ignore checkpoints with smaller ids), it is raised past it, for the
 * next leader too.
 */
final class CounterCheckpointIds implements CheckpointIdSource {
    private final CheckpointIdCounter counter;

    CounterCheckpointIds(CheckpointIdCounter counter) {
        this.counter = counter;
    }

    @Override
    public long next(long atLeast) throws IOException {
        long id = counter.getAndIncrement();
        if (id < atLeast) {
            counter.setCount(atLeast + 1);
            id = atLeast;
        }
        return id;
    }
}
