package dev.spindle.metrics;

/**
 * A counter for one writing thread: a plain {@code long}, no lock, no volatile write, no allocation.
 * What the engine counts records and bytes with on the task thread. Readers on other threads see a
 * value that may be a little behind.
 */
public final class SimpleCounter implements Counter {
    private long count;

    @Override
    public void inc() {
        count++;
    }

    @Override
    public void inc(long n) {
        count += n;
    }

    @Override
    public void dec() {
        count--;
    }

    @Override
    public void dec(long n) {
        count -= n;
    }

    @Override
    public long getCount() {
        return count;
    }
}
