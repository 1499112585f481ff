package dev.spindle.api.state;

/**
 * Keyed state of an operator applied to a keyed stream, scoped to the key of the record being
 * processed. The keyed states are kept in checkpoints; values handed to them must not be changed
 * afterwards (a checkpoint may still be writing them).
 */
public interface KeyedStateStore {
    /** Keyed value state. */
    <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);

    /** Keyed list state. */
    <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

    /** Keyed map state. */
    <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> descriptor);

    /** Keyed reducing state. */
    <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor);
}
