package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.core.JobId;
import dev.spindle.rest.LocalRestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void theSizesAreReadable() {
        assertEquals("812 B", CheckpointsCommand.bytes(812));
        assertEquals("4.2 KiB", CheckpointsCommand.bytes(4300));
        assertEquals("13.0 MiB", CheckpointsCommand.bytes(13L * 1024 * 1024));
    }
}
