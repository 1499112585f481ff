package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.client.cli.Scripts.ScriptRun;
import dev.spindle.client.cli.programs.UnboundedProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster as a user runs it: {@code scripts/standalone-cluster} starts a JobManager
 * process with two TaskManager processes in a cluster directory of this test, and
 * {@code scripts/spindle} runs, lists and cancels jobs on it. One cluster for the whole class
 * (starting one takes seconds on two cores); the tests run in order, the last one stops it, and
 * {@link #stopCluster} stops it whatever happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final String UNKNOWN_JOB = "0123456789abcdef0123456789abcdef";
    private static final long WAIT_MILLIS = 30_000;

    @TempDir
    static Path dir;

    private static Path clusterDir;
    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        clusterDir = dir.resolve("cluster");
        // Both scripts find the cluster through the variable, as a user's shell would pass it.
        env = Map.of("SPINDLE_CLUSTER_DIR", clusterDir.toString());

        ScriptRun start = cluster("start", "--taskmanagers", "2", "-D", "rest.port=0");

        assertEquals(0, start.exitCode(), start::toString);
        assertTrue(start.out().contains("Standalone cluster started in " + clusterDir), start::toString);
        assertTrue(
                start.out().lines().anyMatch(l -> l.matches("REST address: http://127\\.0\\.0\\.1:\\d+")),
                start::toString);
        assertTrue(start.err().contains("2 registered"), start::toString);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (env != null) {
            ScriptRun stop = cluster("stop");
            assertEquals(0, stop.exitCode(), stop::toString);
        }
    }

    @Test
    @Order(1)
    void statusShowsTheRunningClusterAndASecondStartIsRefused() throws Exception {
        ScriptRun status = cluster("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("Standalone cluster in " + clusterDir + ": running"), status::toString);
        assertTrue(status.out().contains("TaskManagers: 2 "), status::toString);

        ScriptRun again = cluster("start");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("a cluster is already running in " + clusterDir), again::toString);

        // The secret is the owner's only.
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(clusterDir.resolve("cluster.secret"))));
    }

    @Test
    @Order(2)
    void wordCountRunsAcrossTwoTaskManagersAndIsListedAsFinished() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 400, new Random(23));
        Path output = dir.resolve("counts");

        ScriptRun run = spindle(
                "run",
                "-t",
                "standalone",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        String jobId = submittedJob(run);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("Job " + jobId + " finished in \\d+ ms")), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));
        assertEquals(2, taskManagerLogsMentioning(jobId), "the job's tasks ran in both TaskManager processes");

        ScriptRun list = spindle("list");
        assertEquals(ExitCodes.SUCCESS, list.exitCode(), list::toString);
        assertEquals("JOB ID", list.out().lines().findFirst().orElse("").substring(0, 6), list::toString);
        assertEquals(Optional.of("FINISHED"), stateOf(list, jobId), list::toString);
        assertTrue(list.out().contains("WordCount"), list::toString);
    }

    @Test
    @Order(3)
    void aDetachedJobRunsOnUntilItIsCancelled() throws Exception {
        Path jar = TestJars.jar(dir.resolve("unbounded.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);

        ScriptRun run = spindle("run", "-t", "standalone", "--detached", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        String jobId = submittedJob(run);
        assertFalse(run.err().contains("warning"), run::toString);
        awaitState(jobId, "RUNNING", "--running");

        ScriptRun cancel = spindle("cancel", jobId);

        assertEquals(ExitCodes.SUCCESS, cancel.exitCode(), cancel::toString);
        assertTrue(
                cancel.out().equals("Cancelled job " + jobId + "\n")
                        || cancel.out().startsWith("Cancellation of job " + jobId + " requested"),
                cancel::toString);
        awaitState(jobId, "CANCELED");
        ScriptRun running = spindle("list", "--running");
        assertEquals(Optional.empty(), stateOf(running, jobId), running::toString);

        ScriptRun again = spindle("cancel", jobId);
        assertEquals(ExitCodes.SUCCESS, again.exitCode(), again::toString);
        assertEquals("Job " + jobId + " has already ended (CANCELED); nothing to cancel\n", again.out());
    }

    @Test
    @Order(4)
    void cancellingAnUnknownOrMalformedJobIdFailsWithOneLine() throws Exception {
        ScriptRun unknown = spindle("cancel", UNKNOWN_JOB);

        assertEquals(ExitCodes.JOB_NOT_FOUND, unknown.exitCode(), unknown::toString);
        assertEquals(
                List.of("spindle: error: no job " + UNKNOWN_JOB + " on the standalone cluster in " + clusterDir
                        + " (see 'spindle list' for its jobs)"),
                unknown.errLines());

        ScriptRun malformed = spindle("cancel", "not-a-job-id");

        assertEquals(ExitCodes.USAGE_ERROR, malformed.exitCode(), malformed::toString);
        assertEquals(
                List.of("spindle: error: <jobid> must be 32 hex digits, got 'not-a-job-id' "
                        + "(see 'spindle cancel --help')"),
                malformed.errLines());
    }

    @Test
    @Order(5)
    void stopLeavesNoProcessAndACommandAfterwardsSaysThereIsNoCluster() throws Exception {
        long jobManagerPid = Long.parseLong(
                Files.readString(clusterDir.resolve("jobmanager.pid")).trim());
        ProcessHandle jobManager = ProcessHandle.of(jobManagerPid).orElseThrow();
        List<ProcessHandle> taskManagers = jobManager.descendants().toList();
        assertTrue(taskManagers.size() >= 2, () -> "TaskManager processes: " + taskManagers);

        ScriptRun stop = cluster("stop");

        assertEquals(0, stop.exitCode(), stop::toString);
        assertEquals("Stopped the standalone cluster in " + clusterDir + "\n", stop.out());
        assertGone(jobManager, "JobManager");
        for (ProcessHandle taskManager : taskManagers) {
            assertGone(taskManager, "TaskManager");
        }
        for (String file : new String[] {"jobmanager.properties", "jobmanager.pid", "cluster.secret"}) {
            assertFalse(Files.exists(clusterDir.resolve(file)), file);
        }

        ScriptRun run = spindle(
                "run", "-t", "standalone", WordCountFiles.examplesJar().toString(), "--input", "in", "--output", "out");
        assertEquals(ExitCodes.CLUSTER_ERROR, run.exitCode(), run::toString);
        assertEquals(
                List.of("spindle: error: no standalone cluster running in " + clusterDir
                        + "; start one with SPINDLE_CLUSTER_DIR=" + clusterDir + " scripts/standalone-cluster start"),
                run.errLines());
        assertEquals("", run.out());

        ScriptRun list = spindle("list");
        assertEquals(ExitCodes.CLUSTER_ERROR, list.exitCode(), list::toString);

        ScriptRun stopAgain = cluster("stop");
        assertEquals(0, stopAgain.exitCode(), stopAgain::toString);
        assertEquals("No standalone cluster is running in " + clusterDir + "\n", stopAgain.out());

        ScriptRun status = cluster("status");
        assertEquals(3, status.exitCode(), status::toString);
    }

    // ---- helpers ----

    private static ScriptRun cluster(String... args) throws IOException, InterruptedException {
        return Scripts.run(dir, env, "standalone-cluster", args);
    }

    private static ScriptRun spindle(String... args) throws IOException, InterruptedException {
        return Scripts.run(dir, env, "spindle", args);
    }

    /** The id of the one job the run submitted; stdout holds the submission line and nothing else of ours. */
    private static String submittedJob(ScriptRun run) {
        List<String> ids = run.out()
                .lines()
                .map(SUBMITTED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
        assertEquals(1, ids.size(), run::toString);
        return ids.get(0);
    }

    /** The job's state in the output of {@code spindle list}, if listed. */
    private static Optional<String> stateOf(ScriptRun list, String jobId) {
        return list.out()
                .lines()
                .filter(l -> l.startsWith(jobId + " "))
                .map(l -> l.split("\\s+")[1])
                .findFirst();
    }

    /** Lists the jobs until the job is in the state; each list is a JVM start, so this polls slowly. */
    private static void awaitState(String jobId, String state, String... listOptions) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String[] args = Stream.concat(Stream.of("list"), Stream.of(listOptions)).toArray(String[]::new);
        ScriptRun list;
        do {
            list = spindle(args);
            assertEquals(ExitCodes.SUCCESS, list.exitCode(), list::toString);
            if (stateOf(list, jobId).equals(Optional.of(state))) {
                return;
            }
        } while (System.currentTimeMillis() < deadline);
        fail("job " + jobId + " not " + state + " within " + WAIT_MILLIS + " ms; last list:\n" + list.out());
    }

    /**
     * Stopped means gone: the script waits for its processes, so only the moment in which an exited
     * process is a zombie (until its parent reaps it) is allowed for.
     */
    private static void assertGone(ProcessHandle process, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(process.isAlive(), () -> what + " pid " + process.pid() + " still runs after stop");
    }

    /** How many TaskManagers logged starting a task of the job. */
    private static long taskManagerLogsMentioning(String jobId) throws IOException {
        try (Stream<Path> workers = Files.list(clusterDir.resolve("taskmanagers"))) {
            return workers.map(w -> w.resolve("worker.log"))
                    .filter(log -> {
                        try {
                            return Files.readString(log, StandardCharsets.UTF_8).contains("of job " + jobId);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
