package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.ha.testing.ZooKeeperProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability on YARN (a MiniYARNCluster) through a ZooKeeper outage: the ZooKeeper server
 * process of a per-job keyed count with the exactly-once file sink is stopped mid-job, stays down
 * 5 s, and is started again on the same port with the same data. The high-availability and YARN
 * options are the defaults but for the quorum and the storage directory (so the session timeout is
 * 20 s and {@code yarn.application-attempts} is 2).
 *
 * <p>What happens: the ApplicationMaster's connection is interrupted (SUSPENDED), which revokes its
 * leadership; attempt 1 exits with {@link ExitCode#LEADERSHIP_LOST} without unregistering and
 * leaves its TaskManager containers running. YARN starts attempt 2, which connects once the server
 * is back, leads, adopts those containers (their TaskManagers follow the leader node once their
 * own connection is back) and resumes the job from its latest checkpoint. The job completes in
 * attempt 2 with exact output, the application SUCCEEDS, and its ZooKeeper nodes and
 * high-availability files are gone afterwards.
 */
class YarnZooKeeperOutageIT {
    private static final long WAIT_MILLIS = 120_000;
    private static final long OUTAGE_MILLIS = 5_000;

    @TempDir
    static Path dir;

    static HaYarnCluster cluster;
    static YarnClient client;
    static ZooKeeperProcess zooKeeper;

    @BeforeAll
    static void start() throws Exception {
        cluster = HaYarnCluster.start(dir, "yarn-zookeeper-outage-it");
        client = cluster.client;
        zooKeeper = cluster.zooKeeper;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aJobOutlivesAFiveSecondZooKeeperOutageInASecondAttemptOnTheSameTaskManagers() throws Exception {
        Outage outage = runThroughOutage("default", List.of());

        assertEquals(2, outage.attempts().size(), "the outage ended attempt 1, attempt 2 completed the job");
        String firstEnd = outage.attempts().get(0).getDiagnostics();
        assertTrue(
                firstEnd.contains("exitCode: " + ExitCode.LEADERSHIP_LOST.code()),
                () -> "attempt 1 ended by losing its leadership: " + firstEnd);
        assertEquals(outage.before(), outage.seen(), "attempt 2 used the TaskManager containers of attempt 1 only");
    }

    /**
     * {@code tolerate-suspended-connections}: the leader keeps its leadership and the TaskManagers
     * keep their leader through the outage (shorter than the session timeout), so the one attempt
     * completes the job.
     */
    @Test
    void aToleratedOutageEndsNoAttempt() throws Exception {
        Outage outage = runThroughOutage(
                "tolerated", List.of("high-availability.zookeeper.client.tolerate-suspended-connections=true"));

        assertEquals(1, outage.attempts().size(), "no attempt ended");
        assertEquals(outage.before(), outage.seen(), "the same TaskManager containers throughout");
    }

    /** What the test saw of one application through the outage. */
    private record Outage(List<ApplicationAttemptReport> attempts, Set<String> before, Set<String> seen) {}

    /**
     * Runs a keyed count through a ZooKeeper outage of {@link #OUTAGE_MILLIS} after its first
     * completed checkpoint, and checks what every outcome must be: the application SUCCEEDED, the
     * output is exact, the application's high-availability data is gone.
     */
    private static Outage runThroughOutage(String name, List<String> options) throws Exception {
        long records = 150_000;
        Path output = dir.resolve(name + "-counts");
        List<String> args = cluster.keyedCount(true, output, records, options);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        System.out.println("YarnZooKeeperOutageIT: " + run);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        YarnApplicationProbe probe = new YarnApplicationProbe(client, appId, WAIT_MILLIS);
        String checkpoints = "/spindle/" + appId + "/checkpoints";

        probe.awaitTrue(() -> probe.taskManagers().size() == 2, () -> "TaskManagers: " + probe.taskManagers());
        Set<String> before = new TreeSet<>(probe.taskManagers());
        try (CuratorFramework zk = cluster.connect()) {
            probe.awaitTrue(() -> latestCheckpoint(zk, checkpoints) > 0, () -> "no completed checkpoint");
        }

        zooKeeper.stop();
        Thread.sleep(OUTAGE_MILLIS); // the outage itself, not a wait for an outcome
        zooKeeper.start();
        long restartedAt = System.currentTimeMillis();

        long resumedAfter;
        try (CuratorFramework zk = cluster.connect()) {
            // What completed before the outage: nothing completes while ZooKeeper is down, and the
            // job needs longer than this read to complete its next checkpoint.
            long latest = latestCheckpoint(zk, checkpoints);
            probe.awaitTrue(
                    () -> latestCheckpoint(zk, checkpoints) > latest,
                    () -> "no checkpoint after " + latest + " completed after the outage; attempts: "
                            + probe.attempts());
            resumedAfter = System.currentTimeMillis() - restartedAt;
        }
        Set<String> seen = new CopyOnWriteArraySet<>(before);
        ApplicationReport report = probe.awaitEnd(seen);
        List<ApplicationAttemptReport> attempts = probe.attemptReports();
        System.out.printf(
                "YarnZooKeeperOutageIT (%s): ZooKeeper down %d ms; a checkpoint completed %d ms after its restart; "
                        + "attempts: %d; TaskManager containers seen: %s (before the outage: %s)%n",
                name, OUTAGE_MILLIS, resumedAfter, attempts.size(), seen, before);

        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(KeyedCountOutput.expected(records, HaYarnCluster.KEYS), KeyedCountOutput.committedLines(output));
        // The application ended for good: its high-availability data is gone.
        cluster.assertHighAvailabilityDataGone(appId);
        return new Outage(attempts, before, new TreeSet<>(seen));
    }

    /** The id of the newest completed checkpoint of the application's one job; 0 while there is none. */
    private static long latestCheckpoint(CuratorFramework zk, String checkpoints) {
        try {
            long latest = 0;
            for (String job : zk.getChildren().forPath(checkpoints)) {
                for (String id : zk.getChildren().forPath(checkpoints + "/" + job)) {
                    latest = Math.max(latest, Long.parseLong(id));
                }
            }
            return latest;
        } catch (KeeperException.NoNodeException e) {
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + checkpoints, e);
        }
    }
}
