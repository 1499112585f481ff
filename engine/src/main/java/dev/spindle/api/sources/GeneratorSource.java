package dev.spindle.api.sources;

import dev.spindle.api.functions.GeneratorFunction;
import dev.spindle.api.functions.RichFunction;
import java.util.Objects;

/**
 * Emits {@code function.generate(i)} for the indexes {@code 0..count-1}, each subtask a
 * contiguous share, optionally at a limited rate. A count of {@link Long#MAX_VALUE} makes it
 * unbounded.
 */
public final class GeneratorSource<T> extends AbstractSource<T> {
    private static final long serialVersionUID = 1L;

    private final long count;
    private final GeneratorFunction<T> function;
    private final double recordsPerSecond;

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
    public void run() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
        long[] share = share(count, context.subtaskIndex(), context.parallelism());
        double perSubtask = recordsPerSecond / context.parallelism();
        long startNanos = System.nanoTime();
        long emitted = 0;
        for (long i = share[0]; i < share[1] && !cancelled; i++) {
            output.collect(function.generate(i));
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
