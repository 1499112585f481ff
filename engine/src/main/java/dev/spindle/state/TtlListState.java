package dev.spindle.state;

import dev.spindle.api.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@link ListState} with time-to-live: an {@link ArrayList} of {@link TtlValue}s per key, so that
 * every element expires on its own (as in Flink). {@link #get} returns a copy of the visible
 * values and removes the expired ones.
 */
final class TtlListState<T> implements ListState<T> {
    private final KeyContext context;
    private final StateTable table;

    TtlListState(KeyContext context, StateTable table) {
        this.context = context;
        this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked") // containers of this table are only ever lists of TtlValue of T
    public Iterable<T> get() {
        List<TtlValue> list = (List<TtlValue>) HeapStates.current(context, table);
        if (list == null) {
            return List.of();
        }
        Ttl ttl = table.ttl;
        long now = ttl.now();
        List<T> visible = new ArrayList<>(list.size());
        ArrayList<TtlValue> kept = new ArrayList<>(list.size());
        for (TtlValue element : list) {
            boolean expired = ttl.expired(element.timestamp(), now);
            if (!expired || ttl.returnExpired) {
                visible.add((T) element.value());
            }
            if (!expired) {
                kept.add(ttl.updateOnRead ? new TtlValue(element.value(), now) : element);
            }
        }
        if (kept.isEmpty()) {
            clear();
        } else if (kept.size() < list.size() || ttl.updateOnRead) {
            table.put(context.groupOffset(), context.key(), kept);
        }
        return Collections.unmodifiableList(visible);
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, "null cannot be added to a ListState");
        writableList().add(new TtlValue(value, table.ttl.now()));
    }

    @Override
    public void addAll(List<T> values) {
        Objects.requireNonNull(values, "values");
        if (!values.isEmpty()) {
            writableList().addAll(stamped(values));
        }
    }

    @Override
    public void update(List<T> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            clear();
        } else {
            table.put(context.groupOffset(), context.key(), stamped(values));
        }
    }

    @Override
    public void clear() {
        HeapStates.removeCurrent(context, table);
    }

    private ArrayList<TtlValue> stamped(List<T> values) {
        long now = table.ttl.now();
        ArrayList<TtlValue> stamped = new ArrayList<>(values.size());
        for (T value : values) {
            stamped.add(new TtlValue(Objects.requireNonNull(value, "null cannot be added to a ListState"), now));
        }
        return stamped;
    }

    @SuppressWarnings("unchecked") // containers of this table are only ever lists of TtlValue
    private List<TtlValue> writableList() {
        return (List<TtlValue>) table.container(context.groupOffset(), context.key(), k -> new ArrayList<>());
    }
}
