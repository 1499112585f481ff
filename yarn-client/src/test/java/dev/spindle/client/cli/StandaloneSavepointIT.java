package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.client.cli.Scripts.ScriptRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints on a standalone cluster of real processes, through the scripts as a user runs them:
 * the keyed count with the exactly-once sink runs at parallelism 2, is stopped with {@code spindle
 * stop}, resumed from the savepoint at parallelism 1 ({@code spindle run -s}), stopped again, and
 * resumed at parallelism 3 to its end; the three runs' committed output together is exactly the
 * counts computed without the engine.
 */
class StandaloneSavepointIT {
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final long WAIT_MILLIS = 60_000;
    private static final long RECORDS = 40_000;
    private static final long KEYS = 100;

    @TempDir
    static Path dir;

    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        env = Map.of("SPINDLE_CLUSTER_DIR", dir.resolve("cluster").toString());
        ScriptRun start = Scripts.run(
                dir,
                env,
                "standalone-cluster",
                "start",
                "--taskmanagers",
                "2",
                "-D",
                "rest.port=0",
                "-D",
                "taskmanager.numberOfTaskSlots=3",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "-D",
                "state.savepoints.dir=" + dir.resolve("savepoints").toUri());
        assertEquals(0, start.exitCode(), start::toString);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (env != null) {
            ScriptRun stop = Scripts.run(dir, env, "standalone-cluster", "stop");
            assertEquals(0, stop.exitCode(), stop::toString);
        }
    }

    @Test
    void stopResumeAtOneStopAgainResumeAtThreeGivesExactlyTheCountsOfOneRun() throws Exception {
        String first = submit(null, 2, "out-1", 4_000);
        String savepoint1 = stopWhenCheckpointed(first);
        String second = submit(savepoint1, 1, "out-2", 4_000);
        String savepoint2 = stopWhenCheckpointed(second);
        ScriptRun last = spindle(runArgs(savepoint2, 3, "out-3", 0, false));
        assertEquals(ExitCodes.SUCCESS, last.exitCode(), last::toString);

        List<String> all = new ArrayList<>();
        for (String out : List.of("out-1", "out-2", "out-3")) {
            List<String> lines = KeyedCountOutput.committedLines(dir.resolve(out));
            System.out.println("StandaloneSavepointIT: " + out + " holds " + lines.size() + " lines");
            all.addAll(lines);
        }
        all.sort(null);
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), all);
    }

    /** Submits the keyed count detached; returns its job id. */
    private static String submit(String savepoint, int parallelism, String out, double rate) throws Exception {
        ScriptRun run = spindle(runArgs(savepoint, parallelism, out, rate, true));
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        Matcher m = SUBMITTED.matcher(run.out());
        assertTrue(m.find(), run::toString);
        return m.group(1);
    }

    private static String[] runArgs(String savepoint, int parallelism, String out, double rate, boolean detached) {
        List<String> args = new ArrayList<>(List.of("run", "-t", "standalone"));
        if (detached) {
            args.add("-d");
        }
        if (savepoint != null) {
            args.addAll(List.of("-s", savepoint));
        }
        args.addAll(List.of(
                "-c",
                "dev.spindle.examples.KeyedCount",
                WordCountFiles.examplesJar().toString(),
                "--records",
                Long.toString(RECORDS),
                "--keys",
                Long.toString(KEYS),
                "--checkpoint-interval",
                "200",
                "--parallelism",
                Integer.toString(parallelism),
                "--rate",
                Double.toString(rate),
                "--output",
                dir.resolve(out).toString()));
        return args.toArray(String[]::new);
    }

    /** Once the job has a completed checkpoint, stops it with a savepoint; returns the savepoint's path. */
    private static String stopWhenCheckpointed(String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!spindle("checkpoints", jobId).out().contains("latest_checkpoint=")) {
            if (System.currentTimeMillis() > deadline) {
                fail("no checkpoint of " + jobId);
            }
            Thread.sleep(300);
        }
        ScriptRun stop = spindle("stop", jobId);
        assertEquals(ExitCodes.SUCCESS, stop.exitCode(), stop::toString);
        assertTrue(stop.out().contains("Job " + jobId + " stopped"), stop::toString);
        Matcher m = SAVEPOINT.matcher(stop.out());
        assertTrue(m.find(), stop::toString);
        return m.group(1);
    }

    private static ScriptRun spindle(String... args) throws IOException, InterruptedException {
        ScriptRun run = Scripts.run(dir, env, "spindle", args);
        System.out.println("StandaloneSavepointIT: " + String.join(" ", args) + " -> " + run.exitCode());
        return run;
    }
}
