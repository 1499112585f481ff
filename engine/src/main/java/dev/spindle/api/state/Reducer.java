package dev.spindle.api.state;

import java.io.Serializable;

/**
 * The reduce function of a {@link ReducingStateDescriptor}: the same contract as
 * {@code dev.spindle.api.functions.ReduceFunction}. It is declared here because the functions
 * package already depends on this one (through {@code RuntimeContext}), and packages must not
 * depend on each other in a cycle.
 */
@FunctionalInterface
public interface Reducer<T> extends Serializable {
    T reduce(T accumulated, T value) throws Exception;
}
