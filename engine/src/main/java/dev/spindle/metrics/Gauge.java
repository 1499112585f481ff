package dev.spindle.metrics;

/**
 * A value read when it is reported. Called from a reporter's or the REST endpoint's thread, not the
 * task's: it must be thread-safe and cheap, and must not block.
 *
 * @param <T> the type of the value; dumps and reporters show it with {@code String.valueOf}
 */
@FunctionalInterface
public interface Gauge<T> extends Metric {
    T getValue();
}
