package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.client.yarn.YarnPropertiesFile;
import dev.spindle.yarn.MiniYarn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on a YARN session (one MiniYARNCluster for the class): {@code spindle run -t yarn-session},
 * {@code list}, {@code cancel}, {@code savepoint} and {@code stop} find the session through the properties file that the detached
 * {@code yarn-session} wrote; the AM asks YARN for TaskManager containers when the jobs need slots
 * and returns them once idle; stopping the session leaves nothing behind.
 *
 * <p>Sizes: AM 512 MB and four TaskManagers of 512 MB (one slot each) in two NodeManagers of
 * 1536 MB, so neither NodeManager can hold all four TaskManagers: they run on both.
 */
class YarnSessionJobsIT {
    private static final long WAIT_MILLIS = 90_000;

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-session-jobs-it", dir.resolve("conf"), 1536);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void twoJobsRunOnTaskManagerContainersOnBothNodeManagersOneIsCancelledAndTheSessionStopsCleanly() throws Exception {
        long t0 = System.nanoTime();
        CliRun started = session(
                "-d",
                "-nm",
                "it-jobs",
                "-jm",
                "512",
                "-tm",
                "512",
                "-s",
                "1",
                "-D",
                "resourcemanager.taskmanager-timeout=3s");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        assertTrue(
                started.out().contains("Submit jobs with: scripts/spindle run -t yarn-session -yid " + appId),
                started::toString);
        log("session up in %d ms", t0);
        assertEquals(appId.toString(), new YarnPropertiesFile(propertiesFile()).readApplicationId());

        // A small input that finishes, and one big enough to still run when it is cancelled.
        Path smallInput = dir.resolve("small.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(smallInput, 2_000, new Random(7));
        Path bigInput = writeManyLines(dir.resolve("big.txt"), 3_000_000);
        Path smallOutput = dir.resolve("small-counts");
        Path bigOutput = dir.resolve("big-counts");

        // Without -yid: the session of the properties file.
        t0 = System.nanoTime();
        CliRun runSmall = spindle(
                "run",
                "-t",
                "yarn-session",
                "-d",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                smallInput.toString(),
                "--output",
                smallOutput.toString());
        CliRun runBig = spindle(
                "run",
                "-d",
                "-p",
                "2",
                "-D",
                "yarn.application.id=" + appId,
                WordCountFiles.examplesJar().toString(),
                "--input",
                bigInput.toString(),
                "--output",
                bigOutput.toString());
        assertEquals(ExitCodes.SUCCESS, runSmall.exitCode(), runSmall::toString);
        assertEquals(ExitCodes.SUCCESS, runBig.exitCode(), runBig::toString);
        String small = find(SUBMITTED_JOB, runSmall.out());
        String big = find(SUBMITTED_JOB, runBig.out());
        log("both jobs submitted in %d ms", t0);

        CliRun list = spindle("list", "-t", "yarn-session");
        assertEquals(ExitCodes.SUCCESS, list.exitCode(), list::toString);
        assertTrue(stateOf(list, small).isPresent() && stateOf(list, big).isPresent(), list::toString);

        // Four TaskManager containers (two slots per job, one per TaskManager), on both NodeManagers.
        t0 = System.nanoTime();
        awaitTrue(
                () -> taskManagerContainers(appId).size() == 4,
                () -> "four TaskManager containers, got " + taskManagerContainers(appId));
        log("four TaskManager containers running %d ms after submission", t0);
        Set<String> nodes = taskManagerContainers(appId).stream()
                .map(c -> c.getAssignedNode().toString())
                .collect(Collectors.toSet());
        assertEquals(2, nodes.size(), () -> "TaskManagers on " + nodes);
        awaitState(big, "RUNNING");

        t0 = System.nanoTime();
        CliRun cancel = spindle("cancel", "-yid", appId.toString(), big);
        assertEquals(ExitCodes.SUCCESS, cancel.exitCode(), cancel::toString);
        System.err.print("YarnSessionJobsIT: " + cancel.out());
        awaitState(big, "CANCELED");
        log("the big job was cancelled in %d ms", t0);
        t0 = System.nanoTime();

        awaitState(small, "FINISHED");
        assertEquals(expected, WordCountFiles.readCounts(smallOutput));
        // savepoint and stop reach the session with its secret: a finished job has nothing to save,
        // an unknown one is not found.
        CliRun late = spindle("savepoint", "-yid", appId.toString(), small);
        assertEquals(ExitCodes.SAVEPOINT_FAILED, late.exitCode(), late::toString);
        assertTrue(
                late.err().startsWith("spindle: error: job " + small + " has already ended (FINISHED)"),
                late::toString);
        CliRun unknown = spindle("stop", "-yid", appId.toString(), "0123456789abcdef0123456789abcdef");
        assertEquals(ExitCodes.JOB_NOT_FOUND, unknown.exitCode(), unknown::toString);
        log("the small job finished %d ms after the cancellation", t0);

        // Attached, on the TaskManagers the small job left idle: the CLI waits for the job's end.
        t0 = System.nanoTime();
        Path againOutput = dir.resolve("again-counts");
        CliRun again = spindle(
                "run",
                "-t",
                "yarn-session",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                smallInput.toString(),
                "--output",
                againOutput.toString());
        assertEquals(ExitCodes.SUCCESS, again.exitCode(), again::toString);
        String againJob = find(SUBMITTED_JOB, again.out());
        assertTrue(
                again.err().lines().anyMatch(l -> l.matches("Job " + againJob + " finished in \\d+ ms")),
                again::toString);
        assertEquals(expected, WordCountFiles.readCounts(againOutput));
        log("an attached run on warm TaskManagers took %d ms", t0);

        // Idle TaskManagers go back to YARN after resourcemanager.taskmanager-timeout.
        t0 = System.nanoTime();
        awaitTrue(
                () -> taskManagerContainers(appId).isEmpty(),
                () -> "idle TaskManagers not released: " + taskManagerContainers(appId));
        log("idle TaskManager containers released in %d ms", t0);

        t0 = System.nanoTime();
        CliRun stopped = session("-id", appId.toString(), "stop");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        log("session stopped in %d ms", t0);
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
        assertFalse(Files.exists(staging), "staging directory left: " + staging);
        assertFalse(Files.exists(propertiesFile()), "properties file left");
        awaitTrue(() -> containersOnNodeManagers() == 0, () -> containersOnNodeManagers() + " containers left running");
    }

    // ---- the commands, in-process ----

    private static CliRun session(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.ofYarnSession(all.toArray(String[]::new));
    }

    /** {@code spindle <command> <options> [args]}: the YARN options go between the command and the rest. */
    private static CliRun spindle(String command, String... args) {
        List<String> all = new ArrayList<>(
                List.of(command, "--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<String> commonOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props"));
    }

    private static Path stagingRoot() {
        return dir.resolve("staging");
    }

    private static Path propertiesFile() {
        return dir.resolve("props").resolve(".yarn-properties-" + System.getProperty("user.name"));
    }

    // ---- what YARN and the session say ----

    /** The running containers of the session's attempt but the AM's. */
    private static List<ContainerReport> taskManagerContainers(ApplicationId appId) {
        try {
            List<ContainerReport> tms = new ArrayList<>();
            for (ApplicationAttemptReport attempt : client.getApplicationAttempts(appId)) {
                for (ContainerReport c : client.getContainers(attempt.getApplicationAttemptId())) {
                    if (!c.getContainerId().equals(attempt.getAMContainerId())
                            && c.getContainerState() == ContainerState.RUNNING) {
                        tms.add(c);
                    }
                }
            }
            return tms;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the containers of " + appId, e);
        }
    }

    private static int containersOnNodeManagers() {
        int n = 0;
        for (int i = 0; i < 2; i++) {
            n += yarn.cluster().getNodeManager(i).getNMContext().getContainers().size();
        }
        return n;
    }

    private static Optional<String> stateOf(CliRun list, String jobId) {
        return list.out()
                .lines()
                .filter(l -> l.startsWith(jobId + " "))
                .map(l -> l.split("\\s+")[1])
                .findFirst();
    }

    private static void awaitState(String jobId, String state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        CliRun list;
        do {
            list = spindle("list", "-t", "yarn-session");
            assertEquals(ExitCodes.SUCCESS, list.exitCode(), list::toString);
            if (stateOf(list, jobId).equals(Optional.of(state))) {
                return;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        fail("job " + jobId + " not " + state + " within " + WAIT_MILLIS + " ms; last list:\n" + list.out());
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail(message.get());
            }
            Thread.sleep(200);
        }
    }

    /** Lines of ten words from a small vocabulary; written streaming, it is large. */
    private static Path writeManyLines(Path file, int lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                for (int j = 0; j < 10; j++) {
                    w.write(j == 0 ? "" : " ");
                    w.write("w");
                    w.write(Integer.toString((i * 7 + j * 13) % 97));
                }
                w.newLine();
            }
        }
        return file;
    }

    private static void log(String format, long startNanos) {
        System.err.printf("YarnSessionJobsIT: " + format + "%n", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
