package dev.spindle.api.sources;

import dev.spindle.api.functions.GeneratorFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import dev.spindle.api.state.ListState;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Emits {@code function.generate(i)} for the indexes {@code 0..count-1}, each subtask a
 * contiguous share, optionally at a limited rate. A count of {@link Long#MAX_VALUE} makes it
 * unbounded.
 *
 * <p>Its operator state is the ranges of indexes it has still to generate (see {@link
 * AbstractSource}: two longs, the next index and the end of the range); a restored subtask resumes
 * at exactly the next index. The rate counts from the start of {@code run}, so a restored source
 * keeps its rate rather than catching up on the time it was down.
 */
public final class GeneratorSource<T> extends AbstractSource<T> {
    private static final long serialVersionUID = 1L;

    private final long count;
    private final GeneratorFunction<T> function;
    private final double recordsPerSecond;

    /** The next index to generate; set to r's index while r is being emitted. */
    private transient long next;

    private transient long end;
    /** The ranges after the current one. */
    private transient ArrayDeque<long[]> rest;

    private transient ListState<byte[]> state;

    public GeneratorSource(long count, GeneratorFunction<T> function, double recordsPerSecond) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative: " + recordsPerSecond);
        }
        this.count = count;
        this.function = Objects.requireNonNull(function, "function");
        this.recordsPerSecond = recordsPerSecond;
    }

    @Override
    public void open(OperatorContext context, Output<T> output) throws Exception {
        super.open(context, output);
        state = context.operatorStateStore().getListState(SPLITS);
        rest = openRanges(context, state, count, "generator source");
        nextRange();
    }

    /** Makes the first of {@link #rest} current; false when none is left. */
    private boolean nextRange() {
        long[] r = rest.poll();
        if (r == null) {
            next = end = 0;
            return false;
        }
        next = r[0];
        end = r[1];
        return true;
    }

    @Override
    public void run() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
        double perSubtask = recordsPerSecond / context.parallelism();
        long startNanos = System.nanoTime();
        long emitted = 0;
        do {
            while (next < end && !cancelled) {
                long i = next;
                output.collect(function.generate(i));
                next = i + 1;
                emitted++;
                if (perSubtask > 0) {
                    long due = startNanos + (long) (emitted * 1e9 / perSubtask);
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        output.flush();
                        Thread.sleep(wait / 1_000_000);
                    }
                }
            }
        } while (!cancelled && nextRange());
    }

    @Override
    public void snapshotState(long checkpointId) {
        storeRanges(state, next, end, rest, pieces(context));
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public boolean isBounded() {
        return count != Long.MAX_VALUE;
    }

    @Override
    public boolean isParallel() {
        return true;
    }
}
