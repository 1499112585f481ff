package dev.spindle.state;

import dev.spindle.api.state.Reducer;
import dev.spindle.api.state.ReducingState;

/** {@link ReducingState} on a {@link StateTable}: one reduced value per key. */
final class HeapReducingState<T> implements ReducingState<T> {
    private final KeyContext context;
    private final StateTable table;
    private final Reducer<T> reducer;

    HeapReducingState(KeyContext context, StateTable table, Reducer<T> reducer) {
        this.context = context;
        this.table = table;
        this.reducer = reducer;
    }

    @Override
    @SuppressWarnings("unchecked") // values of this table are only ever written as T
    public T get() {
        return (T) HeapStates.current(context, table);
    }

    @Override
    public void add(T value) throws Exception {
        if (value == null) {
            clear();
            return;
        }
        T current = get();
        T next = current == null ? value : reducer.reduce(current, value);
        if (next == null) {
            clear();
        } else {
            table.put(context.groupOffset(), context.key(), next);
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
