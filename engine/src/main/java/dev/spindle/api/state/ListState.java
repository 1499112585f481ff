package dev.spindle.api.state;

import java.util.List;

/**
 * A list of values per key. Reads and writes apply to the key of the record being processed.
 *
 * <p>Values handed to the state (through {@link #add}, {@link #addAll}, {@link #update}) are kept
 * by reference and must not be changed by the caller afterwards: a checkpoint may still be
 * writing them on another thread. Null elements are rejected.
 */
public interface ListState<T> {
    /**
     * The values of the current key in the order they were added; empty, never null, when there
     * are none. A read-only view: it may reflect later changes of this key's list, so do not
     * change the state while iterating it.
     */
    Iterable<T> get();

    /** Appends {@code value} to the current key's list. */
    void add(T value);

    /** Appends all {@code values} in order; an empty list changes nothing. */
    void addAll(List<T> values);

    /** Replaces the current key's list by a copy of {@code values}; an empty list clears it. */
    void update(List<T> values);

    /** Removes the current key's list. */
    void clear();
}
