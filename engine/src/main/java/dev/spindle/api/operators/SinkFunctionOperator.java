package dev.spindle.api.operators;

import dev.spindle.api.functions.SinkFunction;

/** Hands every record to a user {@link SinkFunction}. */
public final class SinkFunctionOperator<T> extends UserFunctionOperator<SinkFunction<T>, Void>
        implements OneInputOperator<T, Void> {
    private static final long serialVersionUID = 1L;

    public SinkFunctionOperator(SinkFunction<T> function) {
        super(function);
    }

    @Override
    public void processElement(T record) throws Exception {
        setKeyOf(record);
        function.invoke(record);
    }
}
