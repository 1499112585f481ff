package dev.spindle.ha;

import java.util.concurrent.atomic.AtomicLong;

/** A checkpoint id counter that lives as long as its JobManager: without high availability. */
public final class InMemoryCheckpointIdCounter implements CheckpointIdCounter {
    private final AtomicLong next = new AtomicLong(INITIAL_CHECKPOINT_ID);

    @Override
    public long getAndIncrement() {
        return next.getAndIncrement();
    }

    @Override
    public long get() {
        return next.get();
    }

    @Override
    public void setCount(long count) {
        next.set(count);
    }

    @Override
    public void remove() {
        next.set(INITIAL_CHECKPOINT_ID);
    }
}
