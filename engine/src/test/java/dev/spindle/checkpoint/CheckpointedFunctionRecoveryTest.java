package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.CheckpointedFunction;
import dev.spindle.api.functions.FunctionInitializationContext;
import dev.spindle.api.functions.FunctionSnapshotContext;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpointed map function keeps a count in a field and in operator state; a task fails once,
 * the job restarts from its latest checkpoint, and the count goes on from the checkpoint's value:
 * the committed output of each subtask is exactly 1..n, once each.
 */
class CheckpointedFunctionRecoveryTest {
    static final long RECORDS = 20_000;

    @TempDir
    Path dir;

    @Test
    void aCheckpointedFunctionGetsItsOperatorStateBackAfterAFailure() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env =
                LocalRecoveryTest.environment(dir.resolve("checkpoints").toUri().toString());
        env.fromGenerator(RECORDS, i -> i, Types.LONG, 20_000)
                .map(new KeyedCount.FailOnce(
                        RECORDS * 9 / 10, dir.resolve("failed").toString()))
                .returns(Types.LONG)
                .map(new CountingMap())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        LocalJobRunner job = LocalRecoveryTest.runToEnd(env, "checkpointed function");

        assertTrue(Files.exists(dir.resolve("failed")), "the job failed once");
        assertEquals(1, job.jobMaster().numRestarts());
        CheckpointStats stats = job.jobMaster().checkpointStats();
        assertNotNull(stats.restored(), "the restart restored a checkpoint: " + stats);
        // Each subtask's counts are 1..n without gap or repeat, and the subtasks saw every record.
        Map<Integer, List<Long>> counts = new TreeMap<>();
        for (String line : KeyedCountOutput.committedLines(out)) {
            String[] parts = line.split(",");
            counts.computeIfAbsent(Integer.parseInt(parts[0]), s -> new ArrayList<>())
                    .add(Long.parseLong(parts[1]));
        }
        assertEquals(List.of(0, 1), List.copyOf(counts.keySet()));
        long total = 0;
        for (List<Long> c : counts.values()) {
            c.sort(null);
            List<Long> expected = new ArrayList<>();
            for (long n = 1; n <= c.size(); n++) {
                expected.add(n);
            }
            assertEquals(expected, c);
            total += c.size();
        }
        assertEquals(RECORDS, total);
    }

    /** Emits {@code subtask,count}: the number of records this subtask has mapped, kept in operator state. */
    static final class CountingMap implements MapFunction<Long, String>, CheckpointedFunction, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> stored;
        private transient long count;
        private transient int subtask;

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Types.LONG));
            for (Long c : stored.get()) {
                count += c;
            }
        }

        @Override
        public void open(RuntimeContext context) {
            subtask = context.indexOfThisSubtask();
        }

        @Override
        public String map(Long value) {
            count++;
            return subtask + "," + count;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            stored.update(List.of(count));
        }
    }
}
