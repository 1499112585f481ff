package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.Scripts.ScriptRun;
import dev.spindle.client.cli.programs.UnboundedProgram;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, defect 9: the JobManager of a standalone cluster is killed with SIGKILL while an attached
 * {@code scripts/spindle run} follows its job. The run ends with the cluster error (5) and one line
 * naming the JobManager's address and what to do, not a job failure; {@code list} says the same
 * cluster does not answer. Real processes throughout: the scripts start the cluster and the client.
 */
class LostJobManagerIT {
    private static final Pattern RUNNING = Pattern.compile("Job ([0-9a-f]{32}) is RUNNING");
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    static Path dir;

    private static final List<ProcessHandle> started = new ArrayList<>();

    @AfterAll
    static void killWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void anAttachedRunWhoseJobManagerIsKilledSaysTheJobManagerWasLost() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        Map<String, String> env = Map.of("SPINDLE_CLUSTER_DIR", clusterDir.toString());
        ScriptRun start =
                Scripts.run(dir, env, "standalone-cluster", "start", "--taskmanagers", "1", "-D", "rest.port=0");
        assertEquals(0, start.exitCode(), start::toString);
        ProcessHandle jobManager = ProcessHandle.of(Long.parseLong(
                        Files.readString(clusterDir.resolve("jobmanager.pid")).trim()))
                .orElseThrow();
        started.add(jobManager);
        jobManager.descendants().forEach(started::add);
        String restAddress = property(clusterDir.resolve("jobmanager.properties"), "rest.address");

        Path jar = TestJars.jar(dir.resolve("unbounded.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);
        Path err = dir.resolve("run.err");
        ProcessBuilder builder = new ProcessBuilder(
                        Scripts.repositoryRoot().resolve("scripts/spindle").toString(),
                        "run",
                        "-t",
                        "standalone",
                        jar.toString())
                .redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process run = builder.start();
        started.add(run.toHandle());
        String jobId = awaitRunning(err, run);

        jobManager.descendants().forEach(started::add);
        jobManager.destroyForcibly(); // SIGKILL

        assertTrue(
                run.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "the run did not end after its JobManager was killed");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.CLUSTER_ERROR, run.exitValue(), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        List<String> lines = stderr.lines().toList();
        assertEquals(
                "spindle: error: the JobManager of the standalone cluster in " + clusterDir + " at " + restAddress
                        + " was lost while job " + jobId
                        + " ran (connection refused); the job's outcome is unknown; is it still "
                        + "running? See " + clusterDir.resolve("jobmanager.log")
                        + ", and restart it with scripts/standalone-cluster "
                        + "stop and start (SPINDLE_CLUSTER_DIR=" + clusterDir + ")",
                lines.get(lines.size() - 1),
                stderr);

        ScriptRun list = Scripts.run(dir, env, "spindle", "list");
        assertEquals(ExitCodes.CLUSTER_ERROR, list.exitCode(), list::toString);
        assertEquals(1, list.errLines().size(), list::toString);
        assertTrue(
                list.errLines()
                        .get(0)
                        .startsWith("spindle: error: the standalone cluster in " + clusterDir + " does not answer at "
                                + restAddress + " (connection refused)"),
                list::toString);
    }

    /** The id of the job once the run reports it RUNNING (the client prints state changes on stderr). */
    private static String awaitRunning(Path err, Process run) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Matcher m = RUNNING.matcher(Files.readString(err, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            assertTrue(run.isAlive(), () -> "the run ended early: " + read(err));
            Thread.sleep(100);
        }
        throw new AssertionError("the job did not run within " + WAIT_MILLIS + " ms: " + read(err));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static String property(Path file, String key) throws java.io.IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p.getProperty(key);
    }
}
