package dev.spindle.state;

import dev.spindle.api.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link ListState} on a {@link StateTable}: an {@link ArrayList} per key, never empty. */
final class HeapListState<T> implements ListState<T> {
    private final KeyContext context;
    private final StateTable table;

    HeapListState(KeyContext context, StateTable table) {
        this.context = context;
        this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked") // containers of this table are only ever lists of T
    public Iterable<T> get() {
        List<T> list = (List<T>) HeapStates.current(context, table);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, "null cannot be added to a ListState");
        writableList().add(value);
    }

    @Override
    public void addAll(List<T> values) {
        Objects.requireNonNull(values, "values");
        if (!values.isEmpty()) {
            checkNoNulls(values);
            writableList().addAll(values);
        }
    }

    @Override
    public void update(List<T> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            clear();
        } else {
            checkNoNulls(values);
            table.put(context.groupOffset(), context.key(), new ArrayList<>(values));
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever lists of T
    private List<T> writableList() {
        return (List<T>) table.container(context.groupOffset(), context.key(), k -> new ArrayList<>());
    }

    private static void checkNoNulls(List<?> values) {
        for (Object value : values) {
            Objects.requireNonNull(value, "null cannot be added to a ListState");
        }
    }
}
