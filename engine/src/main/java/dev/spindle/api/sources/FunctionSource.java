package dev.spindle.api.sources;

import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.SourceFunction;
import java.util.Objects;

/**
 * Runs a user {@link SourceFunction} in a single task.
 *
 * <p>A {@code SourceFunction} cannot tell where it is, so this source keeps no operator state:
 * after a restore it runs the function again from its beginning, and the records it emitted
 * before the checkpoint come again. Such a source is at-least-once; the built-in sources resume
 * exactly where the checkpoint left them.
 */
public final class FunctionSource<T> extends AbstractSource<T> implements SourceFunction.SourceContext<T> {
    @Override
    public boolean keepsOperatorState() {
        return false; // a user's SourceFunction keeps no position
    }

    private static final long serialVersionUID = 1L;

    private final SourceFunction<T> function;
    private final boolean bounded;

    public FunctionSource(SourceFunction<T> function, boolean bounded) {
        this.function = Objects.requireNonNull(function, "function");
        this.bounded = bounded;
    }

    @Override
    public void run() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
        function.run(this);
    }

    @Override
    public void cancel() {
        super.cancel();
        function.cancel();
    }

    @Override
    public void collect(T record) {
        output.collect(record);
    }

    @Override
    public void flush() {
        output.flush();
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public boolean isBounded() {
        return bounded;
    }

    @Override
    public boolean isParallel() {
        return false;
    }
}
