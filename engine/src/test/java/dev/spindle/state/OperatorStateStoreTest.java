package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorStateStoreTest {
    private static final ListStateDescriptor<Long> SPLITS = new ListStateDescriptor<>("splits", Types.LONG);
    private static final ListStateDescriptor<String> NAMES = new ListStateDescriptor<>("names", Types.STRING);

    private static DefaultOperatorStateStore store(OperatorStateSnapshot restored) {
        return new DefaultOperatorStateStore(OperatorStateStoreTest.class.getClassLoader(), restored);
    }

    /** Subtask i of {@code parallelism} holds split elements 10i..10i+i and the union element "s<i>". */
    private static List<OperatorStateSnapshot> oldSubtasks(int parallelism) throws Exception {
        List<OperatorStateSnapshot> old = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            DefaultOperatorStateStore s = store(null);
            ListState<Long> splits = s.getListState(SPLITS);
            for (long e = 0; e <= i; e++) {
                splits.add(10L * i + e);
            }
            s.getUnionListState(NAMES).add("s" + i);
            // Through bytes, as a checkpoint keeps it.
            old.add(OperatorStateSnapshot.fromBytes(s.snapshot().toBytes()));
        }
        return old;
    }

    private static <T> List<T> list(ListState<T> state) {
        List<T> result = new ArrayList<>();
        state.get().forEach(result::add);
        return result;
    }

    @Test
    void theSameParallelismGivesEverySubtaskItsOwnSplitElementsAndAllUnionElements() throws Exception {
        List<OperatorStateSnapshot> assigned = OperatorStateRedistribution.redistribute(oldSubtasks(3), 3);
        for (int i = 0; i < 3; i++) {
            DefaultOperatorStateStore s = store(assigned.get(i));
            List<Long> expected = new ArrayList<>();
            for (long e = 0; e <= i; e++) {
                expected.add(10L * i + e);
            }
            assertEquals(expected, list(s.getListState(SPLITS)));
            assertEquals(List.of("s0", "s1", "s2"), list(s.getUnionListState(NAMES)));
        }
    }

    @Test
    void anotherParallelismCutsTheSplitElementsIntoContiguousRuns() throws Exception {
        // Old elements in subtask order: 0 | 10 11 | 20 21 22 (6 elements).
        List<OperatorStateSnapshot> up = OperatorStateRedistribution.redistribute(oldSubtasks(3), 4);
        List<List<Long>> runs = new ArrayList<>();
        for (OperatorStateSnapshot a : up) {
            runs.add(list(store(a).getListState(SPLITS)));
            assertEquals(List.of("s0", "s1", "s2"), list(store(a).getUnionListState(NAMES)));
        }
        assertEquals(List.of(List.of(0L), List.of(10L, 11L), List.of(20L), List.of(21L, 22L)), runs);

        List<OperatorStateSnapshot> down = OperatorStateRedistribution.redistribute(oldSubtasks(3), 1);
        assertEquals(
                List.of(0L, 10L, 11L, 20L, 21L, 22L), list(store(down.get(0)).getListState(SPLITS)));
        List<OperatorStateSnapshot> many = OperatorStateRedistribution.redistribute(oldSubtasks(1), 3);
        assertEquals(List.of(), list(store(many.get(0)).getListState(SPLITS)));
        assertEquals(List.of(), list(store(many.get(1)).getListState(SPLITS)));
        assertEquals(List.of(0L), list(store(many.get(2)).getListState(SPLITS)));
    }

    @Test
    void restoredListsNotRegisteredAreKeptAndKindsCannotBeMixed() throws Exception {
        OperatorStateSnapshot old = oldSubtasks(1).get(0);
        DefaultOperatorStateStore s = store(old);
        s.getListState(SPLITS).add(99L);
        OperatorStateSnapshot next = s.snapshot();
        assertEquals(old.lists().get("names"), next.lists().get("names"), "the unregistered union list goes on");
        assertEquals(List.of(0L, 99L), list(store(next).getListState(SPLITS)));

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> store(old).getListState(NAMES));
        assertTrue(e.getMessage().contains("'names' was restored as a union list"), e.getMessage());
        DefaultOperatorStateStore fresh = store(null);
        fresh.getListState(SPLITS);
        assertThrows(IllegalStateException.class, () -> fresh.getUnionListState(SPLITS));
    }

    @Test
    void truncatedOrForeignBytesAreRefused() throws Exception {
        byte[] bytes = oldSubtasks(2).get(1).toBytes();
        assertThrows(
                java.io.IOException.class,
                () -> OperatorStateSnapshot.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(java.io.IOException.class, () -> OperatorStateSnapshot.fromBytes(longer));
        byte[] otherVersion = bytes.clone();
        otherVersion[3] = 7;
        java.io.IOException e =
                assertThrows(java.io.IOException.class, () -> OperatorStateSnapshot.fromBytes(otherVersion));
        assertEquals("operator state of version 7, this Spindle reads 1", e.getMessage());
    }

    @Test
    void operatorStateRefusesATimeToLive() {
        ListStateDescriptor<Long> withTtl = new ListStateDescriptor<>("ttl", Types.LONG);
        withTtl.enableTimeToLive(dev.spindle.api.state.StateTtlConfig.newBuilder(java.time.Duration.ofSeconds(1))
                .build());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> store(null).getListState(withTtl));
        assertTrue(e.getMessage().contains("only keyed state can have"), e.getMessage());
    }
}
