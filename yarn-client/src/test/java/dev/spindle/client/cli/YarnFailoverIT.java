package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.ha.testing.ZooKeeperProcess;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
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
    private static final long KEYS = 100;

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;
    static ZooKeeperProcess zooKeeper;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = ZooKeeperProcess.standalone(dir.resolve("zookeeper"), 0).start();
        Configuration extra = new Configuration(false);
        extra.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4);
        yarn = MiniYarn.start("yarn-failover-it", dir.resolve("conf"), 2048, extra);
        client = yarn.client();
    }

    @AfterAll
    static void stop() {
        if (yarn != null) {
            yarn.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void aKilledApplicationMasterIsFollowedByAnAttemptThatKeepsTheTaskManagersAndTheOutputIsExact() throws Exception {
        long records = 150_000;
        Path output = dir.resolve("counts");
        CliRun run = CliRun.of(
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=1",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "-D",
                "high-availability.type=zookeeper",
                "-D",
                "high-availability.zookeeper.quorum=" + zooKeeper.connectString(),
                "-D",
                "high-availability.storageDir=" + dir.resolve("ha").toUri(),
                "-D",
                "high-availability.zookeeper.client.session-timeout=10 s",
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
                Long.toString(KEYS),
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
        assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(output));

        // The application ended for good: its high-availability data is gone.
        try (CuratorFramework zk =
                CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            zk.start();
            assertTrue(zk.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(zk.checkExists().forPath("/spindle/" + appId) == null, "ZooKeeper nodes of " + appId + " left");
        }
        assertFalse(Files.exists(dir.resolve("ha").resolve(appId.toString())), "HA files of " + appId + " left");
    }

    @Test
    void aSessionWhoseApplicationMasterIsKilledResumesItsJobOnTheSameTaskManagers() throws Exception {
        long records = 100_000;
        Path output = dir.resolve("session-counts");
        List<String> sessionArgs =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        sessionArgs.addAll(haOptions());
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
                Long.toString(KEYS),
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
        List<String> expected = KeyedCountOutput.expected(records, KEYS);
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

    private static List<String> haOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "high-availability.type=zookeeper",
                "-D",
                "high-availability.zookeeper.quorum=" + zooKeeper.connectString(),
                "-D",
                "high-availability.storageDir=" + dir.resolve("ha").toUri(),
                "-D",
                "high-availability.zookeeper.client.session-timeout=10 s");
    }

    private static List<String> committed(Path output) {
        try {
            return KeyedCountOutput.committedLines(output);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }
}
