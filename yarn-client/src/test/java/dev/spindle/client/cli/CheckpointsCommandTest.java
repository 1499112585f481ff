package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.CheckpointMessages.Counts;
import dev.spindle.rest.CheckpointMessages.Latest;
import dev.spindle.rest.CheckpointMessages.RestoredCheckpoint;
import dev.spindle.rest.CheckpointMessages.StatsSummary;
import dev.spindle.rest.CheckpointMessages.Summary;
import dev.spindle.rest.LocalRestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spindle checkpoints} against a real REST endpoint whose jobs run in this JVM: the counts,
 * the latest completed checkpoint and its path on a line of its own.
 */
class CheckpointsCommandTest {
    @TempDir
    Path dir;

    private LocalRestCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalRestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void countsTheLatestCheckpointAndItsPathOnALineOfItsOwn() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        JobId job = cluster.submit(LocalRestCluster.keyedSum("checkpointed", checkpoints));
        cluster.awaitCheckpoints(job, s -> s.completed() >= 2);
        cluster.cancel(job); // its checkpoints stay (RETAIN_ON_CANCELLATION) and no longer change
        CheckpointStats stats = cluster.dispatcher().requestCheckpointStats(job).get();

        CliRun run = CliRun.of("checkpoints", "-m", cluster.restAddress().toString(), job.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(
                String.format(
                        "Job %s: %d checkpoints triggered, %d completed, %d failed, 0 in progress, 0 restored",
                        job, stats.triggered(), stats.completed(), stats.failed()),
                lines.get(0));
        CheckpointStats.Entry latest = stats.latestCompleted();
        assertTrue(lines.get(1).startsWith("Latest completed: checkpoint " + latest.id() + " at "), lines.get(1));
        String pathLine = lines.get(lines.size() - 1);
        assertEquals(CheckpointsCommand.LATEST_PATH_PREFIX + latest.externalPath(), pathLine);
        assertEquals(
                1,
                lines.stream()
                        .filter(l -> l.startsWith(CheckpointsCommand.LATEST_PATH_PREFIX))
                        .count());
        Path latestDirectory = checkpoints.resolve(job.toString()).resolve("chk-" + latest.id());
        assertTrue(Files.isDirectory(latestDirectory), latestDirectory.toString());
    }

    @Test
    void aJobWithoutCheckpointsIsSaidSoWithoutAPath() throws Exception {
        JobId job = cluster.submit(LocalRestCluster.keyedSum("unchecked", null));

        CliRun run = CliRun.of("checkpoints", "-m", cluster.restAddress().toString(), job.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(
                List.of("Job " + job + " takes no checkpoints (checkpointing is not enabled)"),
                run.out().lines().toList());
    }

    @Test
    void anUnknownJobExits6() {
        JobId unknown = JobId.generate();

        String line = CliRun.of("checkpoints", "-m", cluster.restAddress().toString(), unknown.toString())
                .assertOneErrorLine(ExitCodes.JOB_NOT_FOUND);

        assertEquals(
                "spindle: error: no job " + unknown + " on the JobManager at " + cluster.restAddress()
                        + " (see 'spindle list' for its jobs)",
                line);
    }

    @Test
    void deletedCheckpointsGiveNoPathAndFailuresAreShown() {
        JobId job = JobId.fromHex("f4dcabf0baa157ab24fc92266afe0c94");
        StatsSummary none = new StatsSummary(0, 0, 0, 0, 0, 0, 0, 0);
        CheckpointStatistics completed = new CheckpointStatistics(
                "completed",
                7,
                "COMPLETED",
                false,
                null,
                60_000,
                60_250,
                4300,
                4300,
                250,
                4,
                4,
                "CHECKPOINT",
                Map.of(),
                "file:/cp/" + job + "/chk-7",
                true,
                null,
                null);
        CheckpointStatistics failed = new CheckpointStatistics(
                "failed",
                8,
                "FAILED",
                false,
                null,
                61_000,
                61_000,
                0,
                0,
                500,
                4,
                1,
                "CHECKPOINT",
                Map.of(),
                null,
                null,
                61_500L,
                "timed out after 500 ms");
        CheckpointingStatistics stats = new CheckpointingStatistics(
                new Counts(1, 8, 0, 7, 1),
                new Summary(none, none, none),
                new Latest(completed, null, failed, new RestoredCheckpoint(5, 59_000, false, "file:/cp/chk-5")),
                List.of(failed, completed));

        assertEquals(
                List.of(
                        "Job " + job + ": 8 checkpoints triggered, 7 completed, 1 failed, 0 in progress, 1 restored",
                        "Latest completed: checkpoint 7 at 1970-01-01 00:01:00, took 250ms, 4.2 KiB of state;"
                                + " its files are deleted",
                        "Latest failed: checkpoint 8 at 1970-01-01 00:01:01: timed out after 500 ms",
                        "Last restored: checkpoint 5 at 1970-01-01 00:00:59"),
                CheckpointsCommand.lines(job, stats, ZoneOffset.UTC));
    }

    @Test
    void theSizesAreReadable() {
        assertEquals("812 B", CheckpointsCommand.bytes(812));
        assertEquals("4.2 KiB", CheckpointsCommand.bytes(4300));
        assertEquals("13.0 MiB", CheckpointsCommand.bytes(13L * 1024 * 1024));
    }
}
