package dev.spindle.api.state;

/**
 * One value per key that every added value is reduced into with the descriptor's
 * {@link Reducer}. Reads and writes apply to the key of the record being processed.
 *
 * <p>Values handed to the state, and the results of the reducer, are kept by reference and must
 * not be changed afterwards: a checkpoint may still be writing them on another thread.
 */
public interface ReducingState<T> {
    /** The reduced value of the current key, or null when nothing was added since the last clear. */
    T get();

    /**
     * Reduces {@code value} into the current key's value: the first value is kept as it is, each
     * later one replaces the current value by {@code reduce(current, value)}. Adding null clears
     * the state, as in Flink.
     *
     * @throws Exception what the reducer throws
     */
    void add(T value) throws Exception;

    void clear();
}
