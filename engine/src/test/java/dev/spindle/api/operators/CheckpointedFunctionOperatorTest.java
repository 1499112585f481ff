package dev.spindle.api.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.functions.CheckpointedFunction;
import dev.spindle.api.functions.FunctionInitializationContext;
import dev.spindle.api.functions.FunctionSnapshotContext;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operators of user functions run a {@link CheckpointedFunction}'s life cycle on the real operator state store. */
class CheckpointedFunctionOperatorTest {

    @Test
    void aSinkFunctionKeepsItsBufferInOperatorStateAcrossARestore() throws Exception {
        List<String> events = new ArrayList<>();
        TestingOperatorContext fresh = TestingOperatorContext.subtask(0, 1).withCheckpointing();
        SinkFunctionOperator<String> first = new SinkFunctionOperator<>(new Buffering(events));
        first.open(fresh, discard());
        first.processElement("a");
        first.processElement("b");
        byte[] state = fresh.snapshot(first, 7);
        first.processElement("c"); // after the checkpoint: lost with the failure
        first.close();

        SinkFunctionOperator<String> second = new SinkFunctionOperator<>(new Buffering(events));
        second.open(fresh.restoredFrom(7, state), discard());
        second.processElement("d");
        assertEquals(
                List.of(
                        "initialize restored=false keyed=false",
                        "open",
                        "snapshot 7 [a, b]",
                        "initialize restored=true keyed=false",
                        "restored [a, b] union [seen a, seen b]",
                        "open"),
                events);
        assertEquals(List.of("a", "b", "d"), ((Buffering) second.function()).buffer);
    }

    @Test
    void withoutACheckpointTheFunctionStartsEmpty() throws Exception {
        List<String> events = new ArrayList<>();
        MapOperator<String, String> op = new MapOperator<>(new Upper(events));
        op.open(TestingOperatorContext.subtask(1, 2), discard());
        op.processElement("x");
        assertEquals(List.of("initialize restored=false"), events);
    }

    @Test
    void anOperatorOfACheckpointedFunctionKeepsOperatorState() {
        // So that tools warn when it has no uid.
        assertTrue(new MapOperator<>(new Upper(new ArrayList<>())).keepsOperatorState());
        assertFalse(new MapOperator<String, String>(s -> s).keepsOperatorState());
    }

    private static <T> Output<T> discard() {
        return new Output<>() {
            @Override
            public void collect(T record) {}

            @Override
            public void flush() {}
        };
    }

    /** Buffers what it receives; keeps the buffer in a split list and a log in a union list. */
    static final class Buffering implements SinkFunction<String>, CheckpointedFunction, RichFunction {
        private static final long serialVersionUID = 1L;
        private final transient List<String> events;
        final List<String> buffer = new ArrayList<>();
        private transient ListState<String> stored;
        private transient ListState<String> seen;

        Buffering(List<String> events) {
            this.events = events;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            events.add(
                    "initialize restored=" + context.isRestored() + " keyed=" + (context.getKeyedStateStore() != null));
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("buffer", Types.STRING));
            seen = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("seen", Types.STRING));
            if (context.isRestored()) {
                stored.get().forEach(buffer::add);
                List<String> union = new ArrayList<>();
                seen.get().forEach(union::add);
                events.add("restored " + buffer + " union " + union);
            }
        }

        @Override
        public void open(RuntimeContext context) {
            events.add("open");
        }

        @Override
        public void invoke(String value) {
            buffer.add(value);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            events.add("snapshot " + context.getCheckpointId() + " " + buffer);
            stored.update(buffer);
            List<String> log = new ArrayList<>();
            buffer.forEach(b -> log.add("seen " + b));
            seen.update(log);
        }
    }

    /** A checkpointed map that is not rich. */
    static final class Upper implements dev.spindle.api.functions.MapFunction<String, String>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private final transient List<String> events;

        Upper(List<String> events) {
            this.events = events;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            events.add("initialize restored=" + context.isRestored());
            assertNull(context.getKeyedStateStore());
            assertTrue(context.getOperatorStateStore() != null);
            assertFalse(context.isRestored());
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public String map(String value) {
            return value.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
