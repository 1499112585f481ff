package dev.spindle.state;

import dev.spindle.api.state.StateTtlConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time-to-live of one state ({@link StateTtlConfig}): its clock, when an entry has expired,
 * and how entries with timestamps ({@link TtlValue}) are read, unwrapped and wrapped. A state
 * with time-to-live keeps per key a {@link TtlValue} (value, reducing), a list of them (list) or
 * a map from user key to them (map).
 */
final class Ttl {
    final StateTtlConfig config;
    final boolean updateOnRead;
    final boolean returnExpired;
    private final long ttlMillis;

    private Ttl(StateTtlConfig config) {
        this.config = config;
        this.ttlMillis = config.getTtl().toMillis();
        this.updateOnRead = config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
        this.returnExpired = config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
    }

    /** The time-to-live of {@code config}, or null when it is null (the state never expires). */
    static Ttl of(StateTtlConfig config) {
        return config == null ? null : new Ttl(config);
    }

    long now() {
        return config.getTimeProvider().currentTimestamp();
    }

    /** Whether an entry stamped {@code timestamp} has expired at {@code now}. */
    boolean expired(long timestamp, long now) {
        long expiresAt = timestamp > Long.MAX_VALUE - ttlMillis ? Long.MAX_VALUE : timestamp + ttlMillis;
        return expiresAt <= now;
    }

    /**
     * The current key's value of a value or reducing state as a read sees it: an expired value is
     * removed (and returned only with ReturnExpiredIfNotCleanedUp); a live one gets a new
     * timestamp with OnReadAndWrite.
     */
    Object read(KeyContext context, StateTable table) {
        TtlValue entry = (TtlValue) HeapStates.current(context, table);
        if (entry == null) {
            return null;
        }
        long now = now();
        if (expired(entry.timestamp(), now)) {
            HeapStates.removeCurrent(context, table);
            return returnExpired ? entry.value() : null;
        }
        if (updateOnRead) {
            table.put(context.groupOffset(), context.key(), new TtlValue(entry.value(), now));
        }
        return entry.value();
    }

    /**
     * A key's entry without what has expired at {@code now} (a new list or map when anything
     * went), or null when nothing is left.
     */
    Object live(StateKind kind, Object entry, long now) {
        switch (kind) {
            case VALUE, REDUCING -> {
                return expired(((TtlValue) entry).timestamp(), now) ? null : entry;
            }
            case LIST -> {
                List<?> list = (List<?>) entry;
                ArrayList<Object> kept = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (!expired(((TtlValue) element).timestamp(), now)) {
                        kept.add(element);
                    }
                }
                return kept.isEmpty() ? null : kept.size() == list.size() ? entry : kept;
            }
            default -> {
                Map<?, ?> map = (Map<?, ?>) entry;
                HashMap<Object, Object> kept = new HashMap<>();
                map.forEach((userKey, value) -> {
                    if (!expired(((TtlValue) value).timestamp(), now)) {
                        kept.put(userKey, value);
                    }
                });
                return kept.isEmpty() ? null : kept.size() == map.size() ? entry : kept;
            }
        }
    }

    /** A key's entry without timestamps: the value, or a new list or map of the values. */
    static Object unwrap(StateKind kind, Object entry) {
        switch (kind) {
            case VALUE, REDUCING -> {
                return ((TtlValue) entry).value();
            }
            case LIST -> {
                ArrayList<Object> values = new ArrayList<>();
                for (Object element : (List<?>) entry) {
                    values.add(((TtlValue) element).value());
                }
                return values;
            }
            default -> {
                HashMap<Object, Object> values = new HashMap<>();
                ((Map<?, ?>) entry).forEach((userKey, value) -> values.put(userKey, ((TtlValue) value).value()));
                return values;
            }
        }
    }

    /** A key's entry without timestamps, stamped with {@code timestamp}: a TtlValue, or a new list or map of them. */
    static Object wrap(StateKind kind, Object entry, long timestamp) {
        switch (kind) {
            case VALUE, REDUCING -> {
                return new TtlValue(entry, timestamp);
            }
            case LIST -> {
                ArrayList<Object> stamped = new ArrayList<>();
                for (Object element : (List<?>) entry) {
                    stamped.add(new TtlValue(element, timestamp));
                }
                return stamped;
            }
            default -> {
                HashMap<Object, Object> stamped = new HashMap<>();
                ((Map<?, ?>) entry).forEach((userKey, value) -> stamped.put(userKey, new TtlValue(value, timestamp)));
                return stamped;
            }
        }
    }
}
