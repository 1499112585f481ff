package dev.spindle.state;

import static dev.spindle.state.KeyedStateTesting.ALL;
import static dev.spindle.state.KeyedStateTesting.MAX_PARALLELISM;
import static dev.spindle.state.KeyedStateTesting.restore;
import static dev.spindle.state.KeyedStateTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import dev.spindle.types.Types;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyedStateSnapshotTest {

    @Test
    void restoresEveryKindOfStateExactly() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        StateWorkload workload = new StateWorkload(backend, KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 500));
        for (int round = 0; round < 4; round++) {
            workload.round(round);
        }
        KeyedStateSnapshot snapshot = backend.snapshot();
        assertFalse(snapshot.isEmpty());
        StateWorkload.assertContent(workload.expected(), restore(ALL, write(snapshot)));
    }

    @Test
    void snapshotSharesTheGroupsUntilTheTaskWritesThem() {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG));
        List<Object> keys = KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 2000);
        for (Object key : keys) {
            backend.setCurrentKey(key);
            count.update(1L);
        }
        KeyedStateSnapshot snapshot = backend.snapshot();
        for (int g = 0; g < MAX_PARALLELISM; g++) {
            assertTrue(backend.isSharedWithSnapshot("count", g), "group " + g);
        }
        Object key = keys.get(0);
        int written = KeyHashing.keyGroupFor(key, MAX_PARALLELISM);
        backend.setCurrentKey(key);
        assertEquals(1L, count.value());
        assertTrue(backend.isSharedWithSnapshot("count", written), "reads copy nothing");
        count.update(2L);
        for (int g = 0; g < MAX_PARALLELISM; g++) {
            assertEquals(g != written, backend.isSharedWithSnapshot("count", g), "group " + g);
        }
        snapshot.release();
    }

    @Test
    void snapshotIsWrittenAsItWasWhileTheTaskKeepsChangingState() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        StateWorkload workload = new StateWorkload(backend, KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 20_000));
        workload.round(0);
        workload.round(1);
        Map<String, Map<Object, Object>> atSnapshot = workload.expected();
        KeyedStateSnapshot snapshot = backend.snapshot();

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                snapshot.writeTo(file);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        int round = 2;
        // At least a few rounds, and more for as long as the writer runs.
        while (writer.isAlive() || round < 5) {
            workload.round(round++);
        }
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError("writing the snapshot failed", failure.get());
        }
        StateWorkload.assertContent(atSnapshot, restore(ALL, file.toByteArray()));
        StateWorkload.assertContent(workload.expected(), backend);
    }

    @Test
    void aSecondSnapshotWhileTheFirstIsBeingWritten() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        StateWorkload workload = new StateWorkload(backend, KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 5_000));
        workload.round(0);
        Map<String, Map<Object, Object>> atFirst = workload.expected();
        KeyedStateSnapshot first = backend.snapshot();
        workload.round(1);
        Map<String, Map<Object, Object>> atSecond = workload.expected();
        KeyedStateSnapshot second = backend.snapshot();
        workload.round(2);

        ByteArrayOutputStream firstFile = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                first.writeTo(firstFile);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        byte[] secondFile = write(second);
        workload.round(3);
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError("writing the first snapshot failed", failure.get());
        }
        StateWorkload.assertContent(atFirst, restore(ALL, firstFile.toByteArray()));
        StateWorkload.assertContent(atSecond, restore(ALL, secondFile));
    }

    @Test
    void restoringTwoHalvesOfTheRangeGivesExactlyEachHalf() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        StateWorkload workload = new StateWorkload(backend, KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 3_000));
        workload.round(0);
        workload.round(1);
        byte[] file = write(backend.snapshot());
        KeyGroupRange low = new KeyGroupRange(0, 63);
        KeyGroupRange high = new KeyGroupRange(64, 127);
        HeapKeyedStateBackend lowHalf = restore(low, file);
        HeapKeyedStateBackend highHalf = restore(high, file);
        StateWorkload.assertContent(within(workload.expected(), low), lowHalf);
        StateWorkload.assertContent(within(workload.expected(), high), highHalf);

        // And back: both halves' files into one backend for the whole range.
        byte[] lowFile = write(lowHalf.snapshot());
        byte[] highFile = write(highHalf.snapshot());
        StateWorkload.assertContent(workload.expected(), restore(ALL, highFile, lowFile));
    }

    @Test
    void restoredStatesNotYetRegisteredAreKeptInTheNextSnapshot() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        StateWorkload workload = new StateWorkload(backend, KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 1_000));
        workload.round(0);
        HeapKeyedStateBackend restored = restore(ALL, write(backend.snapshot()));
        KeyedStateSnapshot unregistered = restored.snapshot();
        assertFalse(unregistered.isEmpty());
        StateWorkload.assertContent(workload.expected(), restore(ALL, write(unregistered)));
    }

    /** A record key, written by the generic serializer. */
    record Point(int x, int y) {}

    @Test
    void restoredStatesGoOnWhereTheyWere() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        MapStateDescriptor<String, Tuple2<String, Long>> mapDescriptor =
                new MapStateDescriptor<>("map", Types.STRING, Types.tuple(Types.STRING, Types.LONG));
        ListStateDescriptor<String> listDescriptor = new ListStateDescriptor<>("list", Types.STRING);
        ReducingStateDescriptor<Long> maxDescriptor = new ReducingStateDescriptor<>("max", Math::max, Types.LONG);
        MapState<String, Tuple2<String, Long>> map = backend.mapState(mapDescriptor);
        ListState<String> list = backend.listState(listDescriptor);
        ReducingState<Long> max = backend.reducingState(maxDescriptor);
        Point key = new Point(3, 4);
        backend.setCurrentKey(key);
        map.put("a", Tuple2.of("x", 1L));
        map.put("null", null);
        list.addAll(List.of("one", "two"));
        max.add(5L);

        HeapKeyedStateBackend restored = restore(ALL, write(backend.snapshot()));
        map = restored.mapState(mapDescriptor);
        list = restored.listState(listDescriptor);
        max = restored.reducingState(maxDescriptor);
        restored.setCurrentKey(new Point(3, 4));
        assertEquals(Tuple2.of("x", 1L), map.get("a"));
        assertTrue(map.contains("null"));
        list.add("three");
        max.add(2L);
        assertEquals(
                List.of("one", "two", "three"),
                KeyedStateTesting.entries(restored, "list").get(key));
        assertEquals(5L, max.get());
        Map<String, Tuple2<String, Long>> expectedMap = new HashMap<>();
        expectedMap.put("a", Tuple2.of("x", 1L));
        expectedMap.put("null", null);
        assertEquals(expectedMap, KeyedStateTesting.entries(restored, "map").get(key));
    }

    @Test
    void anEmptyBackendWritesAnEmptySnapshot() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(new KeyGroupRange(10, 20), MAX_PARALLELISM);
        KeyedStateSnapshot snapshot = backend.snapshot();
        assertTrue(snapshot.isEmpty());
        HeapKeyedStateBackend restored = restore(new KeyGroupRange(0, 127), write(snapshot));
        StateWorkload.assertContent(workload0(), restored);

        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG));
        assertTrue(backend.snapshot().isEmpty(), "a registered state without entries is empty");
        backend.setCurrentKey(KeyedStateTesting.keysIn(new KeyGroupRange(10, 20), MAX_PARALLELISM, 1)
                .get(0));
        count.update(1L);
        assertFalse(backend.snapshot().isEmpty());
    }

    @Test
    void registeringARestoredStateAsAnotherKindFailsNamingIt() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG));
        backend.setCurrentKey(1L);
        count.update(1L);
        HeapKeyedStateBackend restored = restore(ALL, write(backend.snapshot()));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> restored.listState(new ListStateDescriptor<>("count", Types.LONG)));
        assertEquals(
                "state 'count' was restored from a checkpoint as a ValueState and cannot be used as a ListState;"
                        + " a state name keeps its kind, so use a new name for the ListState",
                e.getMessage());
    }

    @Test
    void longCountsUnderLongKeysAreKeptUnboxedUntilAGroupMeetsAnotherKey() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        ValueState<String> name = backend.valueState(new ValueStateDescriptor<>("name", Types.STRING));
        Map<Object, Object> expected = new HashMap<>();
        for (Object key : KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 3000)) {
            backend.setCurrentKey(key);
            count.update(count.value() + (Long) key);
            name.update("n" + key);
            expected.put(key, (Long) key);
        }
        int group = KeyHashing.keyGroupFor(0L, MAX_PARALLELISM);
        assertEquals(LongStateMap.class, backend.groupClass("count", group));
        assertEquals(HashStateMap.class, backend.groupClass("name", group), "only Long values go unboxed");

        KeyedStateSnapshot before = backend.snapshot();
        String other = "a key of group " + group;
        for (int i = 0; KeyHashing.keyGroupFor(other, MAX_PARALLELISM) != group; i++) {
            other = "a key of group " + group + " #" + i;
        }
        backend.setCurrentKey(other);
        count.update(42L);
        backend.setCurrentKey(0L);
        count.update(-5L);
        assertEquals(
                HashStateMap.class, backend.groupClass("count", group), "a String key takes the group to a HashMap");

        Map<Object, Object> after = new HashMap<>(expected);
        after.put(other, 42L);
        after.put(0L, -5L);
        assertEquals(after, KeyedStateTesting.entries(backend, "count"));
        HeapKeyedStateBackend restoredBefore = restore(ALL, write(before));
        restoredBefore.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        assertEquals(expected, KeyedStateTesting.entries(restoredBefore, "count"), "the snapshot is as it was");
        assertEquals(LongStateMap.class, restoredBefore.groupClass("count", group));
        HeapKeyedStateBackend restoredAfter = restore(ALL, write(backend.snapshot()));
        restoredAfter.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        assertEquals(after, KeyedStateTesting.entries(restoredAfter, "count"));
        assertEquals(HashStateMap.class, restoredAfter.groupClass("count", group));
    }

    @Test
    void aSnapshotIsWrittenOnceOrReleased() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        KeyedStateSnapshot written = backend.snapshot();
        write(written);
        assertThrows(IllegalStateException.class, () -> write(written));
        KeyedStateSnapshot released = backend.snapshot();
        released.release();
        released.release();
        assertThrows(IllegalStateException.class, () -> write(released));
    }

    private static Map<String, Map<Object, Object>> workload0() {
        Map<String, Map<Object, Object>> empty = new HashMap<>();
        for (String state : StateWorkload.STATES) {
            empty.put(state, Map.of());
        }
        return empty;
    }

    private static Map<String, Map<Object, Object>> within(
            Map<String, Map<Object, Object>> content, KeyGroupRange range) {
        Map<String, Map<Object, Object>> result = new HashMap<>();
        content.forEach((state, entries) -> {
            Map<Object, Object> kept = new HashMap<>();
            entries.forEach((key, value) -> {
                if (range.contains(KeyHashing.keyGroupFor(key, MAX_PARALLELISM))) {
                    kept.put(key, value);
                }
            });
            result.put(state, kept);
        });
        return result;
    }
}
