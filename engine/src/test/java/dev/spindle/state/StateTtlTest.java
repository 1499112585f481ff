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
import dev.spindle.api.state.StateTtlConfig;
import dev.spindle.api.state.TtlTimeProvider;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** State time-to-live on the heap backend, with a clock the test sets. */
class StateTtlTest {
    /** The test's clock, in epoch milliseconds. */
    private final Clock clock = new Clock();

    private final HeapKeyedStateBackend backend =
            new HeapKeyedStateBackend(KeyedStateTesting.ALL, KeyedStateTesting.MAX_PARALLELISM);

    private StateTtlConfig.Builder ttl(long millis) {
        return StateTtlConfig.newBuilder(Duration.ofMillis(millis)).setTimeProvider(clock);
    }

    private <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> descriptor, StateTtlConfig config) {
        descriptor.enableTimeToLive(config);
        return descriptor;
    }

    @Test
    void aValueExpiresTtlAfterItsLastWriteAndIsRemovedWhenRead() {
        ValueState<Long> v = backend.valueState(withTtl(
                new ValueStateDescriptor<>("v", Types.LONG, -1L), ttl(1000).build()));
        backend.setCurrentKey(1L);
        clock.now = 1000;
        v.update(5L);
        clock.now = 1500;
        v.update(6L); // a write starts the time to live again
        clock.now = 2499;
        assertEquals(6L, v.value()); // a read does not (OnCreateAndWrite)
        assertEquals(Map.of(1L, 6L), KeyedStateTesting.entries(backend, "v"));
        clock.now = 2500;
        assertEquals(Map.of(), KeyedStateTesting.entries(backend, "v"), "expired entries are not visited");
        assertEquals(1, rawSize("v"), "not removed before it is accessed");
        assertEquals(-1L, v.value());
        assertEquals(0, rawSize("v"), "removed by the read");
    }

    @Test
    void onReadAndWriteAReadStartsTheTimeToLiveAgain() {
        ValueState<String> v = backend.valueState(withTtl(
                new ValueStateDescriptor<>("v", Types.STRING),
                ttl(1000).updateTtlOnReadAndWrite().build()));
        backend.setCurrentKey("k");
        clock.now = 0;
        v.update("x");
        clock.now = 900;
        assertEquals("x", v.value());
        clock.now = 1800;
        assertEquals("x", v.value());
        clock.now = 2800;
        assertNull(v.value());
    }

    @Test
    void returnExpiredIfNotCleanedUpReturnsAnExpiredValueOnceAndRemovesIt() {
        ValueState<String> v = backend.valueState(withTtl(
                new ValueStateDescriptor<>("v", Types.STRING, "none"),
                ttl(10).returnExpiredIfNotCleanedUp().build()));
        backend.setCurrentKey("k");
        v.update("x");
        clock.now = 10;
        assertEquals("x", v.value());
        assertEquals("none", v.value());
    }

    @Test
    void listElementsExpireEachOnItsOwn() {
        ListStateDescriptor<String> d = new ListStateDescriptor<>("l", Types.STRING);
        d.enableTimeToLive(ttl(1000).build());
        ListState<String> list = backend.listState(d);
        backend.setCurrentKey("k");
        list.add("a");
        clock.now = 500;
        list.addAll(List.of("b", "c"));
        clock.now = 999;
        assertEquals(List.of("a", "b", "c"), toList(list.get()));
        clock.now = 1000;
        assertEquals(List.of("b", "c"), toList(list.get()));
        assertEquals(Map.of("k", List.of("b", "c")), KeyedStateTesting.entries(backend, "l"));
        list.update(List.of("d"));
        clock.now = 1999;
        assertEquals(List.of("d"), toList(list.get()));
        clock.now = 2000;
        assertEquals(List.of(), toList(list.get()));
        assertEquals(0, rawSize("l"), "a list whose elements all expired is removed");
    }

    @Test
    void mapEntriesExpireEachOnTheirOwn() {
        MapStateDescriptor<String, Integer> d = new MapStateDescriptor<>("m", Types.STRING, Types.INT);
        d.enableTimeToLive(ttl(100).build());
        MapState<String, Integer> map = backend.mapState(d);
        backend.setCurrentKey(7L);
        map.put("a", 1);
        map.put("nothing", null);
        clock.now = 50;
        map.putAll(Map.of("b", 2, "c", 3));
        clock.now = 99;
        assertTrue(map.contains("nothing"));
        assertEquals(1, map.get("a"));
        clock.now = 100;
        assertNull(map.get("a"));
        assertFalse(map.contains("nothing"));
        assertEquals(Map.of("b", 2, "c", 3), new TreeMap<>(toMap(map)));
        assertEquals(List.of("b", "c"), sorted(map.keys()));
        map.remove("b");
        assertEquals(List.of(3), toList(map.values()));
        assertFalse(map.isEmpty());
        clock.now = 150;
        assertTrue(map.isEmpty());
        assertEquals(0, rawSize("m"), "a map whose entries all expired is removed");
    }

    @Test
    void aReducingStateReducesIntoTheLiveValueOnly() throws Exception {
        ReducingStateDescriptor<Long> d = new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG);
        d.enableTimeToLive(ttl(1000).build());
        ReducingState<Long> sum = backend.reducingState(d);
        backend.setCurrentKey(3L);
        sum.add(1L);
        clock.now = 500;
        sum.add(2L);
        clock.now = 1499;
        assertEquals(3L, sum.get());
        clock.now = 1500;
        sum.add(5L); // the 3 has expired: it is replaced, not added to
        assertEquals(5L, sum.get());
        clock.now = 2500;
        assertNull(sum.get());
    }

    @Test
    void longStatesWithTtlDoNotTakeTheUnboxedPath() {
        ValueState<Long> plain = backend.valueState(new ValueStateDescriptor<>("plain", Types.LONG));
        ValueState<Long> timed =
                backend.valueState(withTtl(new ValueStateDescriptor<>("timed", Types.LONG), ttl(10).build()));
        backend.setCurrentKey(1L);
        plain.update(1L);
        timed.update(1L);
        int offset = dev.spindle.types.KeyHashing.keyGroupFor(1L, KeyedStateTesting.MAX_PARALLELISM);
        assertEquals(LongStateMap.class, backend.groupClass("plain", offset));
        assertEquals(HashStateMap.class, backend.groupClass("timed", offset));
    }

    @Test
    void aFullSnapshotLeavesOutWhatHasExpiredWhenCleanupIsOn() throws Exception {
        for (boolean cleanup : new boolean[] {true, false}) {
            HeapKeyedStateBackend b =
                    new HeapKeyedStateBackend(KeyedStateTesting.ALL, KeyedStateTesting.MAX_PARALLELISM);
            StateTtlConfig.Builder config = ttl(1000);
            if (cleanup) {
                config.cleanupFullSnapshot();
            }
            ValueState<String> v = b.valueState(withTtl(new ValueStateDescriptor<>("v", Types.STRING), config.build()));
            ListStateDescriptor<String> ld = new ListStateDescriptor<>("l", Types.STRING);
            ld.enableTimeToLive(config.build());
            ListState<String> l = b.listState(ld);
            clock.now = 0;
            b.setCurrentKey("old");
            v.update("o");
            l.add("o1");
            clock.now = 800;
            b.setCurrentKey("new");
            v.update("n");
            l.add("n1");
            b.setCurrentKey("old");
            l.add("o2");
            clock.now = 1000;
            byte[] file = KeyedStateTesting.write(b.snapshot());

            // Restored without a time-to-live, every entry that the file holds is visible.
            HeapKeyedStateBackend restored = KeyedStateTesting.restore(KeyedStateTesting.ALL, file);
            restored.valueState(new ValueStateDescriptor<>("v", Types.STRING));
            restored.listState(new ListStateDescriptor<>("l", Types.STRING));
            if (cleanup) {
                assertEquals(Map.of("new", "n"), KeyedStateTesting.entries(restored, "v"));
                assertEquals(
                        Map.of("new", List.of("n1"), "old", List.of("o2")), KeyedStateTesting.entries(restored, "l"));
            } else {
                assertEquals(Map.of("old", "o", "new", "n"), KeyedStateTesting.entries(restored, "v"));
                assertEquals(
                        Map.of("new", List.of("n1"), "old", List.of("o1", "o2")),
                        KeyedStateTesting.entries(restored, "l"));
            }
        }
    }

    @Test
    void timestampsSurviveARestoreAndWhatExpiredMeanwhileIsNotRestored() throws Exception {
        StateTtlConfig config = ttl(1000).build();
        MapStateDescriptor<String, Long> d = new MapStateDescriptor<>("m", Types.STRING, Types.LONG);
        d.enableTimeToLive(config);
        MapState<String, Long> map = backend.mapState(d);
        backend.setCurrentKey("k");
        map.put("early", 1L);
        clock.now = 600;
        map.put("late", 2L);
        byte[] file = KeyedStateTesting.write(backend.snapshot());

        clock.now = 1200;
        HeapKeyedStateBackend restored = KeyedStateTesting.restore(KeyedStateTesting.ALL, file);
        MapState<String, Long> again = restored.mapState(d);
        assertEquals(Map.of("k", Map.of("late", new TtlValue(2L, 600))), raw(restored, "m"));
        restored.setCurrentKey("k");
        clock.now = 1599;
        assertEquals(2L, again.get("late"));
        clock.now = 1600;
        assertNull(again.get("late"));
    }

    @Test
    void aStateWithoutTtlRestoredWithTtlLivesFromTheRestore() throws Exception {
        ListState<String> plain = backend.listState(new ListStateDescriptor<>("l", Types.STRING));
        backend.setCurrentKey("k");
        plain.add("x");
        byte[] file = KeyedStateTesting.write(backend.snapshot());

        clock.now = 5000;
        HeapKeyedStateBackend restored = KeyedStateTesting.restore(KeyedStateTesting.ALL, file);
        ListStateDescriptor<String> d = new ListStateDescriptor<>("l", Types.STRING);
        d.enableTimeToLive(ttl(100).build());
        ListState<String> timed = restored.listState(d);
        restored.setCurrentKey("k");
        clock.now = 5099;
        assertEquals(List.of("x"), toList(timed.get()));
        clock.now = 5100;
        assertEquals(List.of(), toList(timed.get()));
    }

    @Test
    void aRestoredStateThatIsNotRegisteredKeepsItsTimestampsInTheNextSnapshot() throws Exception {
        ValueState<Long> v = backend.valueState(
                withTtl(new ValueStateDescriptor<>("v", Types.LONG), ttl(1000).build()));
        backend.setCurrentKey(1L);
        clock.now = 300;
        v.update(9L);
        byte[] first = KeyedStateTesting.write(backend.snapshot());
        byte[] second = KeyedStateTesting.write(
                KeyedStateTesting.restore(KeyedStateTesting.ALL, first).snapshot());
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
    }

    @Test
    void theHeaderMarksAStateWithTimestampsAndOnlyThat() throws Exception {
        // Header frame at 8: length, max parallelism, range start and end, state count, name "v", kind.
        int kindAt = 8 + 4 + 12 + 1 + 2;
        HeapKeyedStateBackend plain =
                new HeapKeyedStateBackend(KeyedStateTesting.ALL, KeyedStateTesting.MAX_PARALLELISM);
        plain.valueState(new ValueStateDescriptor<>("v", Types.LONG));
        assertEquals(0x01, KeyedStateTesting.write(plain.snapshot())[kindAt]);
        backend.valueState(withTtl(new ValueStateDescriptor<>("v", Types.LONG), ttl(10).build()));
        assertEquals((byte) 0x81, KeyedStateTesting.write(backend.snapshot())[kindAt]);
    }

    @Test
    void aStateNameKeepsItsTimeToLive() {
        backend.valueState(new ValueStateDescriptor<>("v", Types.LONG));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> backend.valueState(withTtl(new ValueStateDescriptor<>("v", Types.LONG), ttl(10).build())));
        assertEquals(
                "state 'v' is already registered without a time-to-live; register every use of a state name with"
                        + " the same StateTtlConfig",
                e.getMessage());
    }

    @Test
    void aDescriptorWithTheSystemClockSurvivesJavaSerialization() throws Exception {
        // Descriptors kept in fields of a function travel with the job graph.
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("v", Types.LONG);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofSeconds(5)).build());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(d);
        }
        Object copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        StateTtlConfig config = ((ValueStateDescriptor<?>) copy).ttlConfig();
        assertEquals(Duration.ofSeconds(5), config.getTtl());
        long before = System.currentTimeMillis();
        long now = config.getTimeProvider().currentTimestamp();
        assertTrue(now >= before && now <= System.currentTimeMillis(), "the system clock: " + now);
    }

    @Test
    void aTtlBelowOneMillisecondIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StateTtlConfig.newBuilder(Duration.ofNanos(10)));
        assertEquals("the time-to-live of state must be at least 1 ms, not PT0.00000001S", e.getMessage());
    }

    private int rawSize(String state) {
        return raw(backend, state).size();
    }

    /** The stored entries of a state, with their timestamps. */
    private static Map<Object, Object> raw(HeapKeyedStateBackend b, String state) {
        Map<Object, Object> entries = new java.util.HashMap<>();
        b.forEachStored(state, entries::put);
        return entries;
    }

    private static <T> List<T> toList(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    private static <T extends Comparable<T>> List<T> sorted(Iterable<T> values) {
        List<T> list = toList(values);
        list.sort(null);
        return list;
    }

    private static <K, V> Map<K, V> toMap(MapState<K, V> map) {
        Map<K, V> result = new java.util.HashMap<>();
        map.entries().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** A clock the test moves. */
    static final class Clock implements TtlTimeProvider {
        private static final long serialVersionUID = 1L;
        long now;

        @Override
        public long currentTimestamp() {
            return now;
        }
    }
}
