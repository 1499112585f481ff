package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapKeyedStateBackendTest {
    private final HeapKeyedStateBackend backend =
            new HeapKeyedStateBackend(KeyedStateTesting.ALL, KeyedStateTesting.MAX_PARALLELISM);

    @Test
    void valueStateReturnsTheDefaultUntilUpdatedAndAfterClear() {
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        backend.setCurrentKey("a");
        assertEquals(0L, count.value());
        count.update(5L);
        backend.setCurrentKey("b");
        assertEquals(0L, count.value());
        count.update(7L);
        backend.setCurrentKey("a");
        assertEquals(5L, count.value());
        count.clear();
        assertEquals(0L, count.value());
        backend.setCurrentKey("b");
        count.update(null);
        assertEquals(0L, count.value());
        assertEquals(Map.of(), entries("count"));
    }

    @Test
    void listStateAddsUpdatesAndClears() {
        ListState<String> list = backend.listState(new ListStateDescriptor<>("list", Types.STRING));
        backend.setCurrentKey(1L);
        assertEquals(List.of(), toList(list.get()));
        list.add("x");
        list.addAll(List.of("y", "z"));
        list.addAll(List.of());
        assertEquals(List.of("x", "y", "z"), toList(list.get()));
        backend.setCurrentKey(2L);
        assertEquals(List.of(), toList(list.get()));
        list.update(List.of("q"));
        backend.setCurrentKey(1L);
        List<String> handedOver = new ArrayList<>(List.of("u", "v"));
        list.update(handedOver);
        handedOver.add("not in the state: update copies the list");
        assertEquals(List.of("u", "v"), toList(list.get()));
        list.update(List.of());
        assertEquals(List.of(), toList(list.get()));
        assertEquals(Map.of(2L, List.of("q")), entries("list"));
        backend.setCurrentKey(2L);
        list.clear();
        assertEquals(Map.of(), entries("list"));
    }

    @Test
    void listStateRejectsNullsAndHandsOutReadOnlyViews() {
        ListState<String> list = backend.listState(new ListStateDescriptor<>("list", Types.STRING));
        backend.setCurrentKey(1L);
        list.add("x");
        assertThrows(NullPointerException.class, () -> list.add(null));
        assertThrows(NullPointerException.class, () -> list.addAll(Arrays.asList("a", null)));
        assertThrows(NullPointerException.class, () -> list.update(null));
        assertThrows(UnsupportedOperationException.class, () -> ((List<String>) list.get()).add("y"));
        assertEquals(List.of("x"), toList(list.get()));
    }

    @Test
    void mapStatePutsRemovesAndIterates() {
        MapState<String, Integer> map = backend.mapState(new MapStateDescriptor<>("map", Types.STRING, Types.INT));
        backend.setCurrentKey("k");
        assertTrue(map.isEmpty());
        assertFalse(map.entries().iterator().hasNext());
        assertFalse(map.keys().iterator().hasNext());
        assertFalse(map.values().iterator().hasNext());
        assertNull(map.get("a"));
        map.put("a", 1);
        map.putAll(Map.of("b", 2, "c", 3));
        map.put("n", null);
        assertEquals(2, map.get("b"));
        assertTrue(map.contains("n"));
        assertNull(map.get("n"));
        assertFalse(map.contains("z"));
        Map<String, Integer> expected = new HashMap<>(Map.of("a", 1, "b", 2, "c", 3));
        expected.put("n", null);
        Map<String, Integer> seen = new HashMap<>();
        map.entries().forEach(e -> seen.put(e.getKey(), e.getValue()));
        assertEquals(expected, seen);
        assertEquals(expected.keySet(), new java.util.HashSet<>(toList(map.keys())));
        assertEquals(Arrays.asList(1, 2, 3, null), sortedWithNullLast(toList(map.values())));
        assertThrows(
                UnsupportedOperationException.class,
                () -> map.entries().iterator().next().setValue(9));
        assertThrows(NullPointerException.class, () -> map.put(null, 1));

        map.remove("a");
        map.remove("b");
        map.remove("c");
        map.remove("missing");
        assertFalse(map.isEmpty());
        map.remove("n");
        assertTrue(map.isEmpty());
        assertEquals(Map.of(), entries("map"));
        map.put("x", 1);
        map.clear();
        assertTrue(map.isEmpty());
        assertEquals(Map.of(), entries("map"));
    }

    @Test
    void reducingStateReducesAddedValues() throws Exception {
        ReducingState<Long> sum = backend.reducingState(new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
        backend.setCurrentKey("a");
        assertNull(sum.get());
        sum.add(3L);
        assertEquals(3L, sum.get());
        sum.add(4L);
        backend.setCurrentKey("b");
        sum.add(10L);
        backend.setCurrentKey("a");
        assertEquals(7L, sum.get());
        sum.clear();
        assertNull(sum.get());
        backend.setCurrentKey("b");
        sum.add(null);
        assertNull(sum.get());
        assertEquals(Map.of(), entries("sum"));
    }

    @Test
    void aStateNameKeepsItsKindAndItsEntries() {
        ValueState<Long> first = backend.valueState(new ValueStateDescriptor<>("s", Types.LONG));
        backend.setCurrentKey(3);
        first.update(1L);
        ValueState<Long> second = backend.valueState(new ValueStateDescriptor<>("s", Types.LONG));
        assertEquals(1L, second.value());
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> backend.listState(new ListStateDescriptor<>("s", Types.LONG)));
        assertEquals(
                "state 's' is already registered as a ValueState and cannot be used as a ListState;"
                        + " a state name keeps its kind, so use a new name for the ListState",
                e.getMessage());
    }

    @Test
    void stateOutsideOfAKeyedRecordFails() {
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG));
        IllegalStateException e = assertThrows(IllegalStateException.class, count::value);
        assertEquals("keyed state is used outside of processing a keyed record", e.getMessage());
    }

    @Test
    void keysOutsideTheRangeAreRejected() {
        HeapKeyedStateBackend half = new HeapKeyedStateBackend(new KeyGroupRange(0, 63), 128);
        Object foreign =
                KeyedStateTesting.keysIn(new KeyGroupRange(64, 127), 128, 1).get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> half.setCurrentKey(foreign));
        assertTrue(
                e.getMessage().contains("which this subtask (KeyGroupRange[start=0, endInclusive=63]) does not hold"));
    }

    private Map<Object, Object> entries(String state) {
        return KeyedStateTesting.entries(backend, state);
    }

    private static <T> List<T> toList(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    private static List<Integer> sortedWithNullLast(List<Integer> values) {
        values.sort(java.util.Comparator.nullsLast(Integer::compare));
        return values;
    }
}
