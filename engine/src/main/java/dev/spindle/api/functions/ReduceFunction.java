package dev.spindle.api.functions;

/**
 * Combines two records of one key into one. Must be associative and commutative: in BATCH mode the
 * engine may combine records on the sending side before the exchange, in any order.
 */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    T reduce(T accumulated, T value) throws Exception;
}
