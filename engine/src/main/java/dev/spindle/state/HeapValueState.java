package dev.spindle.state;

import dev.spindle.api.state.ValueState;

/** {@link ValueState} on a {@link StateTable}: one value per key; null is never stored. */
final class HeapValueState<T> implements ValueState<T> {
    private final KeyContext context;
    private final StateTable table;
    private final T defaultValue;

    HeapValueState(KeyContext context, StateTable table, T defaultValue) {
        this.context = context;
        this.table = table;
        this.defaultValue = defaultValue;
    }

    @Override
    @SuppressWarnings("unchecked") // values of this table are only ever written as T
    public T value() {
        Object v = table.get(context.groupOffset(), context.key());
        return v == null ? defaultValue : (T) v;
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else {
            table.put(context.groupOffset(), context.key(), value);
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }
}
