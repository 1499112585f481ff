package dev.spindle.api.functions;

/**
 * Extracts the key of a record. Keys must have a value-based {@code hashCode} that is the same in
 * every JVM (strings, numbers, tuples, records of those, enums); arrays cannot be keys.
 */
@FunctionalInterface
public interface KeySelector<T, K> extends Function {
    K getKey(T value) throws Exception;
}
