package dev.spindle.api.operators;

import dev.spindle.api.functions.MapFunction;

/** Applies a {@link MapFunction}. */
public final class MapOperator<I, O> extends UserFunctionOperator<MapFunction<I, O>, O>
        implements OneInputOperator<I, O> {
    private static final long serialVersionUID = 1L;

    public MapOperator(MapFunction<I, O> function) {
        super(function);
    }

    @Override
    public void processElement(I record) throws Exception {
        setKeyOf(record);
        output.collect(function.map(record));
    }
}
