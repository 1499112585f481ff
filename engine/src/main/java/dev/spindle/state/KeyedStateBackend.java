package dev.spindle.state;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import java.util.function.BiConsumer;

/**
 * The keyed state of one operator in one subtask: for every key of the subtask's key groups,
 * one value (or list, or map) per named state. State accessors act on the current key, which the
 * operator sets before it processes each record. Used from the task thread only; only the
 * snapshots it hands out may be written from another thread.
 *
 * <p>A state name stands for one state of one kind: asking for the same name again returns the
 * same entries, and asking for it as another kind fails.
 */
public interface KeyedStateBackend {

    /**
     * Makes {@code key} current. Fails when the key's group is not one of this subtask's, which
     * means the key's {@code hashCode} differs between JVMs or between calls.
     */
    void setCurrentKey(Object key);

    Object currentKey();

    /** The value state of the given name. */
    <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor);

    /** The list state of the given name. */
    <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

    /** The map state of the given name. */
    <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> descriptor);

    /** The reducing state of the given name. */
    <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor);

    /**
     * Visits every key with an entry in the named state, and its value (for list and map state
     * the list or map, which the visitor must not change). For a state with time-to-live, the
     * entries that have not expired, without their timestamps.
     */
    void forEachEntry(String stateName, BiConsumer<Object, Object> visitor);

    KeyGroupRange keyGroupRange();

    /**
     * Captures the current state of every state for writing on another thread, at a checkpoint
     * barrier. Cheap: O(states x key groups), copies no entry; the backend copies a key group on
     * its first change afterwards instead.
     */
    KeyedStateSnapshot snapshot();
}
