package dev.spindle.api.operators;

import dev.spindle.api.functions.ReduceFunction;

/**
 * The running result of one key in a pre-aggregation. Kept mutable so that a repeated key costs
 * one hash lookup and, for sums, no allocation and no reference store (the latter matters: with
 * G1, storing a new object into a long-lived map entry pays a write barrier per record).
 */
interface Accumulator<T> {
    void add(T value) throws Exception;

    T result();

    /** Accumulates by calling a user reduce function. */
    static <T> Accumulator<T> reducing(ReduceFunction<T> reducer, T first) {
        return new Accumulator<>() {
            private T current = first;

            @Override
            public void add(T value) throws Exception {
                current = reducer.reduce(current, value);
            }

            @Override
            public T result() {
                return current;
            }
        };
    }
}
