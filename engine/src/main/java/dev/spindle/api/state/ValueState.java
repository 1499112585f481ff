package dev.spindle.api.state;

/** One value per key. Reads and writes apply to the key of the record being processed. */
public interface ValueState<T> {
    /** The value for the current key, or the descriptor's default when there is none. */
    T value();

    void update(T value);

    void clear();
}
