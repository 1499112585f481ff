package dev.spindle.api.operators;

import dev.spindle.api.functions.FlatMapFunction;

/** Applies a {@link FlatMapFunction}. */
public final class FlatMapOperator<I, O> extends UserFunctionOperator<FlatMapFunction<I, O>, O>
        implements OneInputOperator<I, O> {
    private static final long serialVersionUID = 1L;

    public FlatMapOperator(FlatMapFunction<I, O> function) {
        super(function);
    }

    @Override
    public void processElement(I record) throws Exception {
        setKeyOf(record);
        function.flatMap(record, output);
    }
}
