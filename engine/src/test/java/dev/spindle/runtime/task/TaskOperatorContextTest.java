package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.HeapKeyedStateBackend;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskOperatorContextTest {
    private static final KeySelector<Long, Long> IDENTITY = x -> x;

    @Test
    void theOperatorGetsTheRestoredKeyedStateOfItsKeyGroups() {
        TaskOperatorContext context = context(1);
        assertEquals(new KeyGroupRange(64, 127), context.keyGroupRange());
        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(new KeyGroupRange(64, 127), 128);
        context.setRestoredKeyedState(restored);
        assertSame(restored, context.keyedStateBackend(IDENTITY));
        assertSame(restored, context.keyedState());
    }

    @Test
    void restoredStateOfOtherKeyGroupsIsRejected() {
        TaskOperatorContext context = context(0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> context.setRestoredKeyedState(new HeapKeyedStateBackend(new KeyGroupRange(64, 127), 128)));
        assertEquals(
                "restored keyed state holds key groups KeyGroupRange[start=64, endInclusive=127], this subtask holds"
                        + " KeyGroupRange[start=0, endInclusive=63]",
                e.getMessage());
    }

    @Test
    void withoutARestoreTheOperatorGetsAnEmptyBackendWhoseStateTheFunctionsSee() {
        TaskOperatorContext context = context(0);
        KeyedStateBackend backend = context.keyedStateBackend(IDENTITY);
        assertEquals(new KeyGroupRange(0, 63), backend.keyGroupRange());
        backend.setCurrentKey(0L);
        ValueState<Long> state = context.runtimeContext().state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        assertEquals(0L, state.value());
    }

    private static TaskOperatorContext context(int subtaskIndex) {
        TaskDescriptor task = new TaskDescriptor(
                JobId.generate(),
                "job",
                1,
                "keyed",
                subtaskIndex,
                2,
                128,
                RuntimeExecutionMode.STREAMING,
                Map.of(),
                List.of(),
                false,
                List.of(),
                List.of(),
                0,
                null);
        TaskRuntimeContext runtime =
                new TaskRuntimeContext(task, new HashMap<>(), TaskOperatorContextTest.class.getClassLoader());
        return new TaskOperatorContext(task, new Configuration(), runtime, () -> false, true);
    }
}
