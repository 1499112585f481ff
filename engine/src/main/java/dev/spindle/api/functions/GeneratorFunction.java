package dev.spindle.api.functions;

/** Makes the record of a given index, for generator sources. */
@FunctionalInterface
public interface GeneratorFunction<T> extends Function {
    T generate(long index) throws Exception;
}
