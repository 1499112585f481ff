package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.checkpoint.KeyedCountOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability on YARN (a MiniYARNCluster and a real ZooKeeper server process): the
 * ApplicationMaster of a per-job keyed count with the exactly-once file sink is killed with SIGKILL
 * mid-job. YARN starts attempt 2, which keeps the TaskManager containers of attempt 1; they register
 * with the new leader, the job resumes from its latest checkpoint on them, its output equals the
 * independently computed counts line for line, the application SUCCEEDS, and its ZooKeeper nodes
 * and high-availability files are gone afterwards.
 */
class YarnFailoverIT {
    private static final long WAIT_MILLIS = 120_000;

    @TempDir
    static Path dir;

    static HaYarnCluster cluster;
    static YarnClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = HaYarnCluster.start(dir, "yarn-failover-it");
        client = cluster.client;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledApplicationMasterIsFollowedByAnAttemptThatKeepsTheTaskManagersAndTheOutputIsExact() throws Exception {
        long records = 150_000;
        Path output = dir.resolve("counts");
        CliRun run = CliRun.of(cluster.keyedCount(
                        true, output, records, List.of("high-availability.zookeeper.client.session-timeout=10 s"))
                .toArray(String[]::new));
        System.out.println("YarnFailoverIT: " + run);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        YarnApplicationProbe probe = new YarnApplicationProbe(client, appId, WAIT_MILLIS);

        probe.awaitTrue(() -> probe.taskManagers().size() == 2, () -> "TaskManagers: " + probe.taskManagers());
        Set<String> original = new TreeSet<>(probe.taskManagers());
        Thread.sleep(2_000); // checkpoints complete before the fault
        ApplicationAttemptReport first = probe.attemptReports().get(0);
        ProcessHandle am =
                YarnProcesses.containerProcess(first.getAMContainerId().toString(), WAIT_MILLIS);
        long killedAt = System.currentTimeMillis();
        assertTrue(am.destroyForcibly(), "SIGKILL to the ApplicationMaster " + am.pid());

        probe.awaitTrue(() -> probe.attempts() >= 2, () -> "no second attempt");
        Set<String> seen = new CopyOnWriteArraySet<>(original);
        ApplicationReport report = probe.awaitEnd(seen);
        System.out.printf(
                "YarnFailoverIT: application ended %d ms after the kill of the ApplicationMaster; "
                        + "TaskManager containers seen: %s (before the kill: %s)%n",
                System.currentTimeMillis() - killedAt, seen, original);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(original, new TreeSet<>(seen), "attempt 2 used the TaskManager containers of attempt 1 only");
        assertEquals(KeyedCountOutput.expected(records, HaYarnCluster.KEYS), KeyedCountOutput.committedLines(output));

        // The application ended for good: its high-availability data is gone.
        cluster.assertHighAvailabilityDataGone(appId);
    }

    @Test
    void aSessionWhoseApplicationMasterIsKilledResumesItsJobOnTheSameTaskManagers() throws Exception {
        long records = 100_000;
        Path output = dir.resolve("session-counts");
        List<String> sessionArgs =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        sessionArgs.addAll(cluster.haOptions());
        sessionArgs.addAll(List.of("-d", "-nm", "it-failover-session", "-jm", "512", "-tm", "512", "-s", "1"));
        CliRun started = CliRun.ofYarnSession(sessionArgs.toArray(String[]::new));
        System.out.println("YarnFailoverIT: " + started);
        assertEquals(ExitCodes.SUCCESS, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        YarnApplicationProbe probe = new YarnApplicationProbe(client, appId, WAIT_MILLIS);

        CliRun run = CliRun.of(
                "run",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-t",
                "yarn-session",
                "-yid",
                appId.toString(),
                "-d",
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "-D",
                "restart-strategy.type=fixed-delay",
                "-D",
                "restart-strategy.fixed-delay.attempts=5",
                "-D",
                "restart-strategy.fixed-delay.delay=100 ms",
                "-p",
                "2",
                "-c",
                "dev.spindle.examples.KeyedCount",
                WordCountFiles.examplesJar().toString(),
                "--keys",
                Long.toString(HaYarnCluster.KEYS),
                "--checkpoint-interval",
                "200",
                "--records",
                Long.toString(records),
                "--rate",
                "10000",
                "--output",
                output.toString());
        System.out.println("YarnFailoverIT: " + run);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);

        probe.awaitTrue(() -> probe.taskManagers().size() == 2, () -> "TaskManagers: " + probe.taskManagers());
        Set<String> original = new TreeSet<>(probe.taskManagers());
        Thread.sleep(2_000);
        ApplicationAttemptReport first = probe.attemptReports().get(0);
        ProcessHandle am =
                YarnProcesses.containerProcess(first.getAMContainerId().toString(), WAIT_MILLIS);
        assertTrue(am.destroyForcibly(), "SIGKILL to the ApplicationMaster " + am.pid());
        probe.awaitTrue(() -> probe.attempts() >= 2, () -> "no second attempt");

        Set<String> seen = new CopyOnWriteArraySet<>(original);
        List<String> expected = KeyedCountOutput.expected(records, HaYarnCluster.KEYS);
        probe.awaitTrue(
                () -> {
                    seen.addAll(probe.taskManagers());
                    return expected.equals(committed(output));
                },
                () -> "the job's output is not complete; TaskManagers: " + probe.taskManagers());
        assertEquals(original, new TreeSet<>(seen), "attempt 2 used the TaskManager containers of attempt 1 only");

        List<String> stopArgs =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        stopArgs.addAll(
                List.of("-D", "yarn.staging-directory=" + dir.resolve("staging").toUri()));
        stopArgs.addAll(List.of("-id", appId.toString(), "stop"));
        CliRun stopped = CliRun.ofYarnSession(stopArgs.toArray(String[]::new));
        assertEquals(ExitCodes.SUCCESS, stopped.exitCode(), stopped::toString);
        ApplicationReport report = probe.awaitEnd(seen);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
    }

    /**
     * The ApplicationMaster is killed on every attempt YARN makes ({@code yarn.application-attempts}
     * 2): the application ends FAILED with YARN's diagnostics naming the attempts, the attached
     * client exits non-zero saying so, and nothing of the application is left: its staging directory
     * and its high-availability data, which no AM could delete, are removed by the client.
     */
    @Test
    void anApplicationMasterKilledOnEveryAttemptFailsTheApplicationAndLeavesNothing() throws Exception {
        String name = "it-am-killed-on-every-attempt";
        List<String> args = cluster.keyedCount(
                false,
                dir.resolve("never-complete"),
                100_000_000,
                List.of("yarn.application.name=" + name, "yarn.application-attempts=2"));
        CompletableFuture<CliRun> attached =
                CompletableFuture.supplyAsync(() -> CliRun.of(args.toArray(String[]::new)));

        ApplicationId appId = awaitApplicationNamed(name, attached);
        YarnApplicationProbe probe = new YarnApplicationProbe(client, appId, WAIT_MILLIS);
        for (int attempt = 1; attempt <= 2; attempt++) {
            int number = attempt;
            probe.awaitTrue(() -> probe.attempts() >= number, () -> "no attempt " + number);
            probe.awaitTrue(() -> amContainer(probe, number) != null, () -> "no AM container in attempt " + number);
            probe.awaitTrue(
                    () -> !probe.taskManagers().isEmpty(),
                    () -> "no TaskManager in attempt " + number + (attached.isDone() ? ": " + attached.join() : ""));
            ProcessHandle am = YarnProcesses.containerProcess(amContainer(probe, number), WAIT_MILLIS);
            assertTrue(am.destroyForcibly(), "SIGKILL to the ApplicationMaster of attempt " + number);
        }

        CliRun run = attached.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        System.out.println("YarnFailoverIT: " + run);
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.FAILED, report.getYarnApplicationState(), report.getDiagnostics());
        assertTrue(report.getDiagnostics().contains("failed 2 times"), report.getDiagnostics());
        assertEquals(2, probe.attempts());
        assertNotEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Application " + appId + " ended FAILED"), run::toString);
        assertTrue(run.err().contains("spindle: error: job ") && run.err().contains(" failed 2 times "), run::toString);
        assertTrue(run.err().contains("Removed the high-availability data that application " + appId), run::toString);
        assertFalse(
                Files.exists(dir.resolve("staging").resolve(".spindle").resolve(appId.toString())),
                "staging directory of " + appId + " left");
        cluster.assertHighAvailabilityDataGone(appId);
    }

    /** The id of the AM container of attempt {@code number} (from 1), or null while YARN has none yet. */
    private static String amContainer(YarnApplicationProbe probe, int number) {
        try {
            Object id = probe.attemptReports().get(number - 1).getAMContainerId();
            return id == null ? null : id.toString();
        } catch (Exception e) {
            return null;
        }
    }

    /** The application the attached client submitted, found by its name. */
    private static ApplicationId awaitApplicationNamed(String name, CompletableFuture<CliRun> run) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (ApplicationReport app : client.getApplications()) {
                if (app.getName().equals(name)) {
                    return app.getApplicationId();
                }
            }
            assertFalse(run.isDone(), () -> "the client ended before YARN knew its application: " + run.join());
            Thread.sleep(100);
        }
        return fail("no application named " + name);
    }

    private static List<String> committed(Path output) {
        try {
            return KeyedCountOutput.committedLines(output);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }
}
