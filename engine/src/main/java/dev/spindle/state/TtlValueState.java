package dev.spindle.state;

import dev.spindle.api.state.ValueState;

/** {@link ValueState} with time-to-live: one {@link TtlValue} per key. */
final class TtlValueState<T> implements ValueState<T> {
    private final KeyContext context;
    private final StateTable table;
    private final T defaultValue;

    TtlValueState(KeyContext context, StateTable table, T defaultValue) {
        this.context = context;
        this.table = table;
        this.defaultValue = defaultValue;
    }

    @Override
    @SuppressWarnings("unchecked") // values of this table are only ever written as T
    public T value() {
        Object v = table.ttl.read(context, table);
        return v == null ? defaultValue : (T) v;
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else {
            table.put(context.groupOffset(), context.key(), new TtlValue(value, table.ttl.now()));
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
