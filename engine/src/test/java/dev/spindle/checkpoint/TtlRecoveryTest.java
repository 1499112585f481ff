package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.StateTtlConfig;
import dev.spindle.api.state.TtlTimeProvider;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A count per key that starts over when its key was not seen for a time-to-live, with TTL value
 * state (cleanup in full snapshots) whose clock is the record being processed: record {@code i}
 * is processed at time {@code i} ms. A task fails once; the job restores its latest checkpoint,
 * timestamps included, and the committed output is exactly that of a run without failure.
 */
class TtlRecoveryTest {
    static final long RECORDS = 20_000;
    static final long KEYS = 50;
    static final long TTL_MILLIS = 50;

    @TempDir
    Path dir;

    @Test
    void stateWithTimeToLiveExpiresTheSameWithAFailureAsWithout() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env =
                LocalRecoveryTest.environment(dir.resolve("checkpoints").toUri().toString());
        // One source, so that every key's records arrive in order and at increasing times.
        env.fromGenerator(RECORDS, i -> i, Types.LONG, 20_000)
                .setParallelism(1)
                .map(new KeyedCount.FailOnce(
                        RECORDS * 9 / 10, dir.resolve("failed").toString()))
                .returns(Types.LONG)
                .setParallelism(1)
                .keyBy(TtlRecoveryTest::key)
                .map(new SessionCount())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        LocalJobRunner job = LocalRecoveryTest.runToEnd(env, "ttl recovery");

        assertTrue(Files.exists(dir.resolve("failed")), "the job failed once");
        assertEquals(1, job.jobMaster().numRestarts());
        assertNotNull(job.jobMaster().checkpointStats().restored(), "the restart restored a checkpoint");
        List<String> expected = expected();
        assertTrue(expected.stream().filter(l -> l.endsWith(",1")).count() > 5 * KEYS, "counts start over often");
        assertEquals(expected, KeyedCountOutput.committedLines(out));
    }

    /** A key for record {@code i} that comes back after irregular gaps, some longer than the time-to-live. */
    static long key(long i) {
        return ((i * 2654435761L) >>> 8) % KEYS;
    }

    /** The lines {@code i,count} of a run without failure, sorted. */
    static List<String> expected() {
        Map<Long, Long> lastSeen = new HashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (long i = 0; i < RECORDS; i++) {
            long k = key(i);
            Long last = lastSeen.get(k);
            long count = last != null && i - last < TTL_MILLIS ? counts.get(k) + 1 : 1;
            lastSeen.put(k, i);
            counts.put(k, count);
            lines.add(i + "," + count);
        }
        lines.sort(null);
        return lines;
    }

    /** The time of the record being processed, per task thread; before the first record, the dawn of time. */
    static final class RecordClock implements TtlTimeProvider {
        private static final long serialVersionUID = 1L;
        static final ThreadLocal<Long> NOW = new ThreadLocal<>();

        @Override
        public long currentTimestamp() {
            Long now = NOW.get();
            return now == null ? Long.MIN_VALUE : now;
        }
    }

    /** Emits {@code i,count}: the records of {@code i}'s key with less than the TTL between them, up to {@code i}. */
    static final class SessionCount implements MapFunction<Long, String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            RecordClock.NOW.remove(); // a task thread may be reused: nothing expires while restoring
            StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(TTL_MILLIS))
                    .cleanupFullSnapshot()
                    .setTimeProvider(new RecordClock())
                    .build();
            ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("count", Types.LONG, 0L);
            descriptor.enableTimeToLive(ttl);
            count = context.state(descriptor);
        }

        @Override
        public String map(Long i) {
            RecordClock.NOW.set(i);
            long next = count.value() + 1;
            count.update(next);
            return i + "," + next;
        }
    }
}
