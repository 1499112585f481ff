package dev.spindle.state;

import dev.spindle.api.state.Reducer;
import dev.spindle.api.state.ReducingState;

/**
 * {@link ReducingState} with time-to-live: one {@link TtlValue} per key. An added value is reduced
 * into the live value only; an expired one is replaced, whatever the visibility.
 */
final class TtlReducingState<T> implements ReducingState<T> {
    private final KeyContext context;
    private final StateTable table;
    private final Reducer<T> reducer;

    TtlReducingState(KeyContext context, StateTable table, Reducer<T> reducer) {
        this.context = context;
        this.table = table;
        this.reducer = reducer;
    }

    @Override
    @SuppressWarnings("unchecked") // values of this table are only ever written as T
    public T get() {
        return (T) table.ttl.read(context, table);
    }

    @Override
    @SuppressWarnings("unchecked") // values of this table are only ever written as T
    public void add(T value) throws Exception {
        if (value == null) {
            clear();
            return;
        }
        long now = table.ttl.now();
        TtlValue current = (TtlValue) HeapStates.current(context, table);
        T next = current == null || table.ttl.expired(current.timestamp(), now)
                ? value
                : reducer.reduce((T) current.value(), value);
        if (next == null) {
            clear();
        } else {
            table.put(context.groupOffset(), context.key(), new TtlValue(next, now));
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
