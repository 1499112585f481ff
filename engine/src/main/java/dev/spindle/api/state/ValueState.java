package dev.spindle.api.state;

/**
 * One value per key. Reads and writes apply to the key of the record being processed.
 *
 * <p>A value handed to {@link #update} is kept by reference and must not be changed by the caller
 * afterwards: a checkpoint may still be writing it on another thread. Update with a new value
 * instead (immutable values such as {@code Long} or records are the simplest).
 */
public interface ValueState<T> {
    /** The value for the current key, or the descriptor's default when there is none. */
    T value();

    /** Sets the current key's value; null clears it. */
    void update(T value);

    void clear();
}
