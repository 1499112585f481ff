package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyedCountBenchTest {
    private static final String COUNTER = "Count per key.numRecordsIn";

    @TempDir
    Path dir;

    @Test
    void aRunWithCheckpointsCountsEveryRecordAndReportsItsCheckpoints() throws Exception {
        KeyedCountBench.Figures f = KeyedCountBench.run(KeyedCountBench.Arguments.parse(new String[] {
            "--records",
            "200000",
            "--keys",
            "1000",
            "--interval-ms",
            "20",
            "--checkpoint-dir",
            dir.toUri().toString()
        }));
        assertEquals(200_000, f.records());
        assertEquals(0, f.failed());
        // A bounded job with checkpoints ends with a final checkpoint, so at least that one completes.
        assertTrue(f.durations().size() >= 1, f.toString());
        assertTrue(f.maxMillis() >= f.medianMillis(), f.toString());
    }

    @Test
    void aRunWithoutCheckpointsReportsNone() throws Exception {
        KeyedCountBench.Figures f = KeyedCountBench.run(
                KeyedCountBench.Arguments.parse(new String[] {"--records", "100000", "--interval-ms", "0"}));
        assertEquals(100_000, f.records());
        assertEquals(List.of(), f.durations());
        assertEquals(0, f.failed());
    }

    @Test
    void checkFailsUnlessTheKeyedVertexReceivedEveryRecord() {
        assertDoesNotThrow(() -> KeyedCountBench.check(result(10), "Count per key", 10));
        assertThrows(IllegalStateException.class, () -> KeyedCountBench.check(result(9), "Count per key", 10));
        assertThrows(IllegalStateException.class, () -> KeyedCountBench.check(result(11), "Count per key", 10));
    }

    @Test
    void printsTheMedianAndMaximumOfTheDurations() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new KeyedCountBench.Figures(1000, 500, List.of(40L, 10L, 30L, 20L), 1, 7)
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "records=1000",
                        "runtime_ms=500",
                        "records_per_s=2000",
                        "checkpoints_completed=4",
                        "checkpoints_failed=1",
                        "checkpoint_median_ms=25.0",
                        "checkpoint_max_ms=40",
                        "checkpoint_storage_init_ms=7",
                        "checkpoint_durations_ms=40,10,30,20"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(30.0, new KeyedCountBench.Figures(1, 1, List.of(50L, 30L, 10L), 0, 0).medianMillis());
        assertEquals(0.0, new KeyedCountBench.Figures(1, 1, List.of(), 0, 0).medianMillis());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> KeyedCountBench.Arguments.parse(new String[0]));
        assertThrows(
                IllegalArgumentException.class,
                () -> KeyedCountBench.Arguments.parse(new String[] {"--records", "5", "--interval-ms", "1000"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> KeyedCountBench.Arguments.parse(new String[] {"--records", "5", "--interval-ms", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> KeyedCountBench.Arguments.parse(new String[] {"--records"}));
        assertEquals(new KeyedCountBench.Arguments(5, 3, 4, 0, null), KeyedCountBench.Arguments.parse(new String[] {
            "--records", "5", "--keys", "3", "--parallelism", "4", "--interval-ms", "0"
        }));
    }

    private static JobExecutionResult result(long recordsIn) {
        return new JobExecutionResult(
                JobId.generate(), "KeyedCountBench", Duration.ofMillis(1), Map.of(COUNTER, recordsIn));
    }
}
