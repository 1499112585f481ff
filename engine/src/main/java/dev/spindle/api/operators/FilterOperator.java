package dev.spindle.api.operators;

import dev.spindle.api.functions.FilterFunction;

/** Applies a {@link FilterFunction}. */
public final class FilterOperator<T> extends UserFunctionOperator<FilterFunction<T>, T>
        implements OneInputOperator<T, T> {
    private static final long serialVersionUID = 1L;

    public FilterOperator(FilterFunction<T> function) {
        super(function);
    }

    @Override
    public void processElement(T record) throws Exception {
        setKeyOf(record);
        if (function.filter(record)) {
            output.collect(record);
        }
    }
}
