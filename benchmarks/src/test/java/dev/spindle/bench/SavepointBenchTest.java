package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.bench.SavepointFigures.Taken;
import dev.spindle.checkpoint.CheckpointStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavepointBenchTest {
    @TempDir
    Path dir;

    @Test
    void aRunTakesTheSavepointsStopsTheJobAndReadsEveryKeyBack() throws Exception {
        SavepointBench.Arguments a = SavepointBench.Arguments.parse(new String[] {
            "--keys", "1000",
            "--interval-ms", "50",
            "--savepoints", "2",
            "--warmup-checkpoints", "1",
            "--rate", "100000",
            "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
            "--savepoint-dir", dir.resolve("savepoints").toUri().toString()
        });
        SavepointFigures f = SavepointBench.run(a);
        assertEquals(List.of(), f.problems(), f.toString());
        assertEquals(2, f.savepoints().size());
        assertEquals("FINISHED", f.finalStatus());
        assertEquals(new SavepointCheck.Result(1000, 1000, f.recordsBeforeStop()), f.stopSavepoint());
        assertEquals(1000, f.lastSavepoint().restoredKeys());
        // Each savepoint is followed by a periodic checkpoint of the baseline.
        assertTrue(f.checkpoints().size() >= 2, f.toString());
        assertTrue(f.checkpointsCompleted() >= 3, f.toString());
        // Every savepoint holds the files of the same 1,000 keys: _metadata and one keyed file per subtask.
        for (Taken t : f.savepoints()) {
            assertEquals(3, t.files(), t.toString());
        }
    }

    @Test
    void parsesItsArguments() {
        assertEquals(
                new SavepointBench.Arguments(100_000, 2, 1000, "file:///c", "file:///s", 5, 2, 0, 1_000_000_000_000L),
                SavepointBench.Arguments.parse(
                        new String[] {"--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s"}));
        assertEquals(
                new SavepointBench.Arguments(7, 3, 200, "file:///c", "file:///s", 4, 1, 500, 99),
                SavepointBench.Arguments.parse(new String[] {
                    "--keys", "7", "--parallelism", "3", "--interval-ms", "200", "--checkpoint-dir", "file:///c",
                    "--savepoint-dir", "file:///s", "--savepoints", "4", "--warmup-checkpoints", "1", "--rate", "500",
                    "--records", "99"
                }));
    }

    @Test
    void rejectsBadArguments() {
        String[][] bad = {
            {},
            {"--checkpoint-dir", "file:///c"},
            {"--checkpoint-dir", "hdfs:///c", "--savepoint-dir", "file:///s"},
            {"--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s", "--savepoints", "0"},
            {"--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s", "--parallelism", "x"},
            {"--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s", "--interval-ms", "0"},
            {"--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s", "--unknown", "1"},
            {"--checkpoint-dir", "file:///c", "--savepoint-dir"},
        };
        for (String[] args : bad) {
            assertThrows(
                    IllegalArgumentException.class, () -> SavepointBench.Arguments.parse(args), String.join(" ", args));
        }
    }

    @Test
    void printsItsFiguresAndTheRatiosToTheCheckpoints() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        figures("FINISHED", 2000, 123_456).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "keys=2000",
                        "parallelism=2",
                        "checkpoint_interval_ms=1000",
                        "rate_records_per_s=unlimited",
                        "checkpoints_completed=5",
                        "checkpoints_failed=1",
                        "baseline_checkpoints=3",
                        "checkpoint_median_ms=40",
                        "checkpoint_max_ms=90",
                        "checkpoint_state_bytes=1000",
                        "checkpoint_dir_bytes=1100",
                        "savepoints=2",
                        "savepoint_median_ms=30",
                        "savepoint_max_ms=50",
                        "savepoint_wall_median_ms=45",
                        "savepoint_state_bytes=1000",
                        "savepoint_dir_bytes=1100",
                        "savepoint_files=3",
                        "savepoint_vs_checkpoint_duration_ratio=0.750",
                        "savepoint_vs_checkpoint_size_ratio=1.000",
                        "stop_savepoint_ms=20",
                        "stop_savepoint_dir_bytes=1120",
                        "stop_to_finished_ms=35",
                        "final_status=FINISHED",
                        "records_before_stop=123456",
                        "stop_savepoint_restored_keys=2000",
                        "stop_savepoint_restored_records=123456",
                        "savepoint_restored_keys=2000",
                        "checkpoint_storage_init_ms=400",
                        "checkpoint_durations_ms=90,40,30",
                        "savepoint_durations_ms=30,50",
                        "savepoint_wall_ms=45,60"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void namesEachFailedCheck() {
        assertEquals(List.of(), figures("FINISHED", 2000, 123_456).problems());
        assertEquals(
                List.of(
                        "the job ended FAILED after the stop, not FINISHED",
                        "the stop's savepoint held state of 1999 keys, not 2000",
                        "the stop's savepoint counted 123455 records, but the job's keyed step received 123456"),
                figures("FAILED", 1999, 123455).problems());
    }

    @Test
    void theMedianIsTheLowerOneAndARatioNeedsABaseline() {
        assertEquals(20, Figures.median(List.of(40L, 10L, 30L, 20L), Long::longValue));
        assertEquals(30, Figures.median(List.of(50L, 30L, 10L), Long::longValue));
        assertEquals(-1, Figures.median(List.<Long>of(), Long::longValue));
        assertEquals("n/a", Figures.ratio(5, 0));
        assertEquals("2.500", Figures.ratio(5, 2));
    }

    private static SavepointFigures figures(String status, long stopKeys, long stopRecords) {
        SavepointBench.Arguments a = SavepointBench.Arguments.parse(
                new String[] {"--keys", "2000", "--checkpoint-dir", "file:///c", "--savepoint-dir", "file:///s"});
        List<CheckpointStats.Entry> checkpoints = List.of(checkpoint(1, 90), checkpoint(2, 40), checkpoint(3, 30));
        return new SavepointFigures(
                a,
                400,
                5,
                checkpoints,
                1100,
                List.of(new Taken(4, 30, 45, 1000, 1100, 3), new Taken(5, 50, 60, 1000, 1100, 3)),
                new Taken(6, 20, 25, 1000, 1120, 3),
                35,
                status,
                123_456,
                new SavepointCheck.Result(2000, 2000, 100_000),
                new SavepointCheck.Result(2000, stopKeys, stopRecords),
                1);
    }

    private static CheckpointStats.Entry checkpoint(long id, long millis) {
        return new CheckpointStats.Entry(
                id, "COMPLETED", 1_000, 1_000 + millis, 1000, "file:///c/chk-" + id, null, 2, 2, false);
    }
}
