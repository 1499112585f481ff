package dev.spindle.api.functions;

/** Turns each record into one record. Instances are serialized with the job and copied per task. */
@FunctionalInterface
public interface MapFunction<T, R> extends Function {
    R map(T value) throws Exception;
}
