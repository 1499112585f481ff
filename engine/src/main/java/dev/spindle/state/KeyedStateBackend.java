package dev.spindle.state;

import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import java.util.function.BiConsumer;

/**
 * The keyed state of one operator in one subtask: for every key of the subtask's key groups,
 * one value per named state. State accessors act on the current key, which the operator sets
 * before it processes each record. Used from the task thread only.
 */
public interface KeyedStateBackend {

    /**
     * Makes {@code key} current. Fails when the key's group is not one of this subtask's, which
     * means the key's {@code hashCode} differs between JVMs or between calls.
     */
    void setCurrentKey(Object key);

    Object currentKey();

    /** The state of the given name; the same descriptor name always returns the same state. */
    <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor);

    /** Visits every key with a value in the named state, and the value. */
    void forEachEntry(String stateName, BiConsumer<Object, Object> visitor);

    KeyGroupRange keyGroupRange();
}
