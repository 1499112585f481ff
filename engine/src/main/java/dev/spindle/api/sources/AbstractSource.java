package dev.spindle.api.sources;

import dev.spindle.api.operators.AbstractOperator;
import dev.spindle.api.operators.SourceOperator;

/** Keeps the cancellation flag that {@link #run} loops check. */
public abstract class AbstractSource<T> extends AbstractOperator<T> implements SourceOperator<T> {
    private static final long serialVersionUID = 1L;

    protected transient volatile boolean cancelled;

    @Override
    public void cancel() {
        cancelled = true;
    }

    /** The share {@code [start, end)} of {@code count} items that subtask {@code index} of {@code parallelism} takes. */
    static long[] share(long count, int index, int parallelism) {
        long base = count / parallelism;
        long extra = count % parallelism;
        long start = index * base + Math.min(index, extra);
        long size = base + (index < extra ? 1 : 0);
        return new long[] {start, start + size};
    }
}
