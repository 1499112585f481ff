package dev.spindle.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A counter that several threads may update at once; costs more than {@link SimpleCounter}. */
public final class ThreadSafeSimpleCounter implements Counter {
    private final LongAdder count = new LongAdder();

    @Override
    public void inc() {
        count.increment();
    }

    @Override
    public void inc(long n) {
        count.add(n);
    }

    @Override
    public void dec() {
        count.decrement();
    }

    @Override
    public void dec(long n) {
        count.add(-n);
    }

    @Override
    public long getCount() {
        return count.sum();
    }
}
