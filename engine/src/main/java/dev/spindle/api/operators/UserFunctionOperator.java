package dev.spindle.api.operators;

import dev.spindle.api.functions.Function;
import dev.spindle.api.functions.RichFunction;
import java.util.Objects;

/** An operator around one user function; runs the function's life cycle if it has one. */
public abstract class UserFunctionOperator<F extends Function, OUT> extends AbstractOperator<OUT> {
    private static final long serialVersionUID = 1L;

    protected final F function;

    protected UserFunctionOperator(F function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    public F function() {
        return function;
    }

    @Override
    public void open(OperatorContext context, Output<OUT> output) throws Exception {
        super.open(context, output);
        if (function instanceof RichFunction rich) {
            rich.open(context.runtimeContext());
        }
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
