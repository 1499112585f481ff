package dev.spindle.api.functions;

/** Consumes records at the end of a pipeline. Combine with {@link RichFunction} for a life cycle. */
@FunctionalInterface
public interface SinkFunction<T> extends Function {
    void invoke(T value) throws Exception;
}
