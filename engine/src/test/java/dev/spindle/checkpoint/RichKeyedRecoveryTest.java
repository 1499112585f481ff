package dev.spindle.checkpoint;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed count of {@link LocalRecoveryTest} with a rich map after {@code keyBy} instead of a
 * keyed process function: its keyed state is checkpointed and restored after a failure, and the
 * committed output is exactly that of a run without failure.
 */
class RichKeyedRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void theKeyedStateOfARichMapSurvivesAFailure() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env =
                LocalRecoveryTest.environment(dir.resolve("checkpoints").toUri().toString());
        long records = LocalRecoveryTest.RECORDS;
        DataStream<Long> numbers = env.fromGenerator(records, i -> i, Types.LONG, 20_000)
                .map(new KeyedCount.FailOnce(
                        records * 9 / 10, dir.resolve("failed").toString()))
                .returns(Types.LONG);
        long keys = LocalRecoveryTest.KEYS;
        numbers.keyBy(i -> i % keys)
                .map(new CountPerKey(keys))
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        LocalJobRunner job = LocalRecoveryTest.runToEnd(env, "rich keyed recovery");

        LocalRecoveryTest.assertRecoveredExactly(job, dir, out);
    }

    /** Emits {@code key,count} for record {@code i} of key {@code i mod keys}. */
    static final class CountPerKey implements MapFunction<Long, String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private final long keys;
        private transient ValueState<Long> count;

        CountPerKey(long keys) {
            this.keys = keys;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        }

        @Override
        public String map(Long value) {
            long next = count.value() + 1;
            count.update(next);
            return value % keys + "," + next;
        }
    }
}
