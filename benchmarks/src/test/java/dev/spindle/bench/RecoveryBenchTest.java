package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.VertexInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryBenchTest {
    @TempDir
    Path dir;

    /** The output KeyedCount commits for {@code records} records and {@code keys} keys, in two part files. */
    private List<String> expectedLines(long records, long keys) {
        long[] counts = new long[(int) keys];
        List<String> lines = new ArrayList<>();
        for (long i = 0; i < records; i++) {
            int k = (int) (i % keys);
            lines.add(k + "," + ++counts[k]);
        }
        return lines;
    }

    private ExactlyOnceCheck.Result check(List<String> lines, long records, long keys) throws IOException {
        int half = lines.size() / 2;
        Files.write(dir.resolve("part-0-0"), lines.subList(0, half));
        Files.write(dir.resolve("part-1-0"), lines.subList(half, lines.size()));
        Files.write(dir.resolve(".part-1-1.inprogress"), List.of("0,1", "garbage")); // not committed: ignored
        return ExactlyOnceCheck.checkDirectory(dir, records, keys);
    }

    @Test
    void theExactOutputHasNothingLostOrDuplicated() throws IOException {
        ExactlyOnceCheck.Result r = check(expectedLines(1003, 10), 1003, 10);
        assertEquals(new ExactlyOnceCheck.Result(1003, 0, 0, 0), r);
        assertTrue(r.exact());
    }

    @Test
    void aLostAndADuplicatedLineAreCounted() throws IOException {
        List<String> lines = expectedLines(1003, 10);
        lines.remove("3,50"); // keys 0-2 have 101 records (1003 mod 10 = 3), the others 100
        lines.add("7,20");
        lines.add("7,20");
        ExactlyOnceCheck.Result r = check(lines, 1003, 10);
        assertEquals(new ExactlyOnceCheck.Result(1004, 1, 2, 0), r);
        assertFalse(r.exact());
    }

    @Test
    void linesOutsideTheExpectedCountsAreUnexpected() throws IOException {
        List<String> lines = expectedLines(1003, 10);
        lines.add("3,101"); // one beyond key 3's 100 records
        lines.add("10,1"); // no such key
        lines.add("not a count");
        assertEquals(new ExactlyOnceCheck.Result(1006, 0, 0, 3), check(lines, 1003, 10));
    }

    @Test
    void anOutputWithoutCommittedPartFilesFails() {
        assertThrows(IOException.class, () -> ExactlyOnceCheck.checkDirectory(dir, 10, 2));
    }

    @Test
    void argumentsHaveDefaultsAndRejectUnknownOrBadOnes() {
        RecoveryArguments a = RecoveryArguments.parse(
                new String[] {"--spindle", "s", "--jar", "j", "--conf-dir", "c", "--work", "w", "--runs", "5"});
        assertEquals(5, a.runs());
        assertEquals(500_000, a.records());
        assertEquals(100_000, a.keys());
        assertEquals(20_000, a.rate());
        assertEquals(1000, a.intervalMillis());
        assertEquals(100, a.restartDelayMillis());
        assertEquals(2, a.checkpointsBeforeKill());
        assertEquals(List.of(), a.settings());
        assertEquals(
                List.of("yarn.heartbeat.interval=200 ms", "a=b"),
                RecoveryArguments.parse(new String[] {
                            "--spindle",
                            "s",
                            "--jar",
                            "j",
                            "-D",
                            "yarn.heartbeat.interval=200 ms",
                            "--conf-dir",
                            "c",
                            "--work",
                            "w",
                            "-D",
                            "a=b"
                        })
                        .settings());
        assertThrows(
                IllegalArgumentException.class,
                () -> RecoveryArguments.parse(new String[] {"--spindle", "s", "--jar", "j", "--conf-dir", "c"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> RecoveryArguments.parse(
                        new String[] {"--spindle", "s", "--jar", "j", "--conf-dir", "c", "--work", "w", "--bogus", "1"
                        }));
        assertThrows(
                IllegalArgumentException.class,
                () -> RecoveryArguments.parse(
                        new String[] {"--spindle", "s", "--jar", "j", "--conf-dir", "c", "--work", "w", "--rate", "0"
                        }));
    }

    @Test
    void theFirstCheckpointAfterTheKillIsTheOldestCompletedOneTriggeredAfterIt() {
        CheckpointingStatistics stats = new CheckpointingStatistics(
                null,
                null,
                null,
                List.of(
                        checkpoint(7, "IN_PROGRESS", 5_000, 5_000),
                        checkpoint(6, "COMPLETED", 4_000, 4_300),
                        checkpoint(5, "COMPLETED", 3_000, 3_200),
                        checkpoint(4, "FAILED", 2_100, 2_100),
                        checkpoint(3, "COMPLETED", 1_000, 2_500)));
        assertEquals(3_200 - 2_000, JobProbes.firstCheckpointAfter(stats, 2_000));
        assertEquals(-1, JobProbes.firstCheckpointAfter(stats, 4_500));
    }

    @Test
    void theJobRunsAgainOnlyWhenEveryTaskOfEveryVertexRuns() {
        assertTrue(JobProbes.allRunning(details("RUNNING", Map.of("RUNNING", 2), Map.of("RUNNING", 2))));
        assertFalse(
                JobProbes.allRunning(details("RUNNING", Map.of("RUNNING", 2), Map.of("RUNNING", 1, "DEPLOYING", 1))));
        assertFalse(JobProbes.allRunning(details("RESTARTING", Map.of("RUNNING", 2), Map.of("RUNNING", 2))));
    }

    private static CheckpointStatistics checkpoint(long id, String status, long trigger, long ack) {
        return new CheckpointStatistics(
                status.toLowerCase(java.util.Locale.ROOT),
                id,
                status,
                false,
                null,
                trigger,
                ack,
                0,
                0,
                ack - trigger,
                2,
                2,
                "CHECKPOINT",
                Map.of(),
                null,
                null,
                null,
                null);
    }

    private static JobDetailsResponse details(String state, Map<String, Integer> source, Map<String, Integer> count) {
        return new JobDetailsResponse(
                "j",
                "KeyedCount",
                state,
                1,
                -1,
                1,
                1,
                List.of(new VertexInfo(1, "Source", 2, 128, source), new VertexInfo(2, "Count per key", 2, 128, count)),
                1,
                null);
    }
}
