package dev.spindle.api.functions;

/** A counter that a function increments; subtasks add up into the job result. */
public final class LongCounter {
    private long value;

    public void add(long delta) {
        value += delta;
    }

    public void increment() {
        value++;
    }

    public long get() {
        return value;
    }
}
