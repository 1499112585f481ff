package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes all four kinds of state of a backend for many keys, round after round, and applies the
 * same changes to plain maps (the model), so that tests know the exact content of the backend at
 * any point without reading it.
 */
final class StateWorkload {
    static final String[] STATES = {"count", "list", "map", "sum"};

    final List<Object> keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long> count;
    private final ListState<String> list;
    private final MapState<Integer, String> map;
    private final ReducingState<Long> sum;
    private final Map<String, Map<Object, Object>> model = new HashMap<>();

    StateWorkload(KeyedStateBackend backend, List<Object> keys) {
        this.backend = backend;
        this.keys = keys;
        count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        list = backend.listState(new ListStateDescriptor<>("list", Types.STRING));
        map = backend.mapState(new MapStateDescriptor<>("map", Types.INT, Types.STRING));
        sum = backend.reducingState(new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
        for (String state : STATES) {
            model.put(state, new HashMap<>());
        }
    }

    /** One change of every state for every key; what changes depends on the round and the key. */
    @SuppressWarnings("unchecked") // the model holds what the states hold
    void round(int round) throws Exception {
        for (Object key : keys) {
            long k = (Long) key;
            backend.setCurrentKey(key);
            count.update(count.value() + k + round);
            model.get("count").merge(key, k + round, (a, b) -> (Long) a + (Long) b);

            Map<Object, Object> lists = model.get("list");
            if ((k + round) % 5 == 0) {
                list.clear();
                lists.remove(key);
            } else {
                list.add("r" + round + "k" + k);
                ((List<String>) lists.computeIfAbsent(key, x -> new ArrayList<String>())).add("r" + round + "k" + k);
            }

            Map<Object, Object> maps = model.get("map");
            map.put(round % 7, "v" + round);
            ((Map<Integer, String>) maps.computeIfAbsent(key, x -> new HashMap<Integer, String>()))
                    .put(round % 7, "v" + round);
            if ((k + round) % 3 == 0) {
                map.remove((round + 1) % 7);
                Map<Integer, String> m = (Map<Integer, String>) maps.get(key);
                m.remove((round + 1) % 7);
                if (m.isEmpty()) {
                    maps.remove(key);
                }
            }

            if (k % 11 == round % 11) {
                sum.clear();
                model.get("sum").remove(key);
            } else {
                sum.add(k);
                model.get("sum").merge(key, k, (a, b) -> (Long) a + (Long) b);
            }
        }
    }

    /** A deep copy of the model: the exact content the backend has now. */
    Map<String, Map<Object, Object>> expected() {
        Map<String, Map<Object, Object>> copy = new HashMap<>();
        model.forEach((state, entries) -> {
            Map<Object, Object> c = new HashMap<>();
            entries.forEach((key, value) -> c.put(key, KeyedStateTesting.copy(value)));
            copy.put(state, c);
        });
        return copy;
    }

    /** Registers the four states in {@code restored} and checks that it holds exactly {@code expected}. */
    static void assertContent(Map<String, Map<Object, Object>> expected, KeyedStateBackend restored) {
        new StateWorkload(restored, List.of());
        for (String state : STATES) {
            assertSameEntries(state, expected.get(state), KeyedStateTesting.entries(restored, state));
        }
    }

    /** Like assertEquals on the maps, but names only the first difference (the maps are large). */
    private static void assertSameEntries(String state, Map<Object, Object> expected, Map<Object, Object> actual) {
        for (Map.Entry<Object, Object> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(entry.getKey()), state + " of key " + entry.getKey());
        }
        assertEquals(expected.size(), actual.size(), state + ": number of keys");
    }
}
