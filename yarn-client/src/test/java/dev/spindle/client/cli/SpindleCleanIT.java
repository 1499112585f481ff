package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.ha.testing.ZooKeeperProcess;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftovers of YARN applications on a real MiniYARNCluster: {@code spindle clean} removes the
 * staging directories of ended and unknown applications older than the grace period and a stale
 * properties file, and nothing else. (An ApplicationMaster killed through YARN removes its own
 * staging directory, and a deployment sweeps old leftovers: YarnSessionHdfsIT.)
 */
class SpindleCleanIT {
    private static final Set<YarnApplicationState> ENDED =
            Set.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
    private static final FileTime TWO_HOURS_AGO = FileTime.from(Instant.now().minus(Duration.ofHours(2)));

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        org.apache.hadoop.conf.Configuration twoAms = new org.apache.hadoop.conf.Configuration(false);
        // Two sessions at once: the capacity scheduler gives ApplicationMasters 10 % of the cluster by default.
        twoAms.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        yarn = MiniYarn.start("spindle-clean-it", dir.resolve("conf"), 1536, twoAms);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    /**
     * A running session (A), a session whose AM got SIGKILL (B: FAILED, its staging directory and
     * the properties file naming it stay), the directory of an application YARN never heard of (as
     * a client killed during its upload leaves), old and young.
     */
    @Test
    void cleanRemovesTheLeftoversOfEndedAndUnknownApplicationsAndNothingElse() throws Exception {
        ApplicationId running = deploySession("it-clean-running");
        ApplicationId sigkilled = deploySession("it-clean-sigkilled");
        killAmProcess(sigkilled);
        await(() -> ENDED.contains(state(sigkilled)), "the SIGKILLed session ends");
        assertEquals(YarnApplicationState.FAILED, state(sigkilled));
        assertTrue(Files.isDirectory(staging(sigkilled)), "SIGKILL leaves the staging directory");
        assertEquals(sigkilled.toString(), properties());
        Files.setLastModifiedTime(staging(sigkilled), TWO_HOURS_AGO);
        ApplicationId unknownOld = ApplicationId.newInstance(running.getClusterTimestamp(), 9001);
        ApplicationId unknownYoung = ApplicationId.newInstance(running.getClusterTimestamp(), 9002);
        Files.writeString(Files.createDirectories(staging(unknownOld)).resolve("secret"), "s");
        Files.setLastModifiedTime(staging(unknownOld), TWO_HOURS_AGO);
        Files.createDirectories(staging(unknownYoung));
        Path cache = staging(running).resolveSibling("cache");
        assertTrue(Files.isDirectory(cache));

        CliRun dryRun = clean("--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        assertEquals(
                Set.of(
                        "Would remove " + qualified(staging(sigkilled)) + ": application " + sigkilled
                                + " has ended (FAILED)",
                        "Would remove " + qualified(staging(unknownOld)) + ": YARN does not know application "
                                + unknownOld,
                        "Would remove " + propertiesFile() + ": application " + sigkilled + " has ended (FAILED)",
                        "Would remove 2 staging directories and the properties file; kept 0 of running applications, "
                                + "2 younger than 1 h"),
                Set.copyOf(dryRun.out().lines().toList()),
                dryRun::toString);
        assertEquals(4, dryRun.out().lines().count());
        assertTrue(
                Files.isDirectory(staging(sigkilled))
                        && Files.isDirectory(staging(unknownOld))
                        && Files.exists(propertiesFile()),
                "a dry run removes nothing");

        CliRun cleaned = clean("--grace", "1h");
        assertEquals(0, cleaned.exitCode(), cleaned::toString);
        assertEquals(
                List.of(
                        "Removed " + qualified(staging(sigkilled)) + ": application " + sigkilled
                                + " has ended (FAILED)",
                        "Removed " + qualified(staging(unknownOld)) + ": YARN does not know application " + unknownOld),
                cleaned.out()
                        .lines()
                        .filter(l -> l.contains("/.spindle/"))
                        .sorted()
                        .toList(),
                cleaned::toString);
        assertTrue(
                cleaned.out()
                        .contains(
                                "Removed " + propertiesFile() + ": application " + sigkilled + " has ended (FAILED)\n"),
                cleaned::toString);
        assertTrue(
                cleaned.out()
                        .endsWith("Removed 2 staging directories and the properties file; kept 0 of running "
                                + "applications, 2 younger than 1 h\n"),
                cleaned::toString);
        assertFalse(Files.exists(staging(sigkilled)));
        assertFalse(Files.exists(staging(unknownOld)));
        assertFalse(Files.exists(propertiesFile()));
        assertTrue(Files.isDirectory(staging(unknownYoung)), "younger than the grace period");
        assertTrue(Files.isDirectory(staging(running)));
        assertTrue(Files.isDirectory(cache));

        CliRun all = clean("--grace", "0");
        assertEquals(0, all.exitCode(), all::toString);
        assertEquals(
                List.of(
                        "Removed " + qualified(staging(unknownYoung)) + ": YARN does not know application "
                                + unknownYoung,
                        "Removed 1 staging directory; kept 1 of running applications, 0 younger than 0 s"),
                all.out().lines().toList(),
                all::toString);
        assertTrue(Files.isDirectory(staging(running)), "a running session's directory stays");
        assertTrue(Files.isDirectory(cache), "the shared cache stays");
        assertEquals(YarnApplicationState.RUNNING, state(running));

        assertEquals(0, session("-id", running.toString(), "stop").exitCode());
        assertEquals(2, clean("--grace", "-1 h").exitCode(), "a bad grace period is a usage error");
    }

    /**
     * With high availability on, {@code spindle clean} also removes the ZooKeeper nodes and HA files
     * of applications YARN reports ended (no grace period: they can never run again), and keeps those
     * of an application that has not ended, of one YARN does not know (another YARN cluster may share
     * the quorum), of a cluster id that is no application id, and the job result store.
     */
    @Test
    void cleanRemovesTheHighAvailabilityDataOfEndedApplicationsOnly() throws Exception {
        try (ZooKeeperProcess zooKeeper =
                        ZooKeeperProcess.standalone(dir.resolve("zookeeper"), 0).start();
                CuratorFramework zk =
                        CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            zk.start();
            ApplicationId waiting = submitUnmanaged("it-clean-ha-waiting");
            ApplicationId killed = submitUnmanaged("it-clean-ha-killed");
            client.killApplication(killed);
            await(() -> state(killed) == YarnApplicationState.KILLED, "the killed application ends");
            ApplicationId unknown = ApplicationId.newInstance(waiting.getClusterTimestamp(), 9101);
            Path ha = dir.resolve("ha");
            List<String> clusters = List.of(waiting.toString(), killed.toString(), unknown.toString(), "standalone-a");
            for (String cluster : clusters) {
                zk.create().creatingParentsIfNeeded().forPath("/spindle/" + cluster + "/jobgraphs/job", new byte[1]);
                Files.writeString(
                        Files.createDirectories(ha.resolve(cluster).resolve("jobs"))
                                .resolve("graph"),
                        cluster);
            }
            Path jobResults =
                    Files.createDirectories(ha.resolve("job-result-store").resolve(killed.toString()));
            Files.writeString(jobResults.resolve("0123456789abcdef0123456789abcdef.json"), "{}");
            List<String> haOptions = List.of(
                    "-D",
                    "high-availability.type=zookeeper",
                    "-D",
                    "high-availability.zookeeper.quorum=" + zooKeeper.connectString(),
                    "-D",
                    "high-availability.storageDir=" + ha.toUri());

            CliRun dryRun = clean(haOptions, "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun::toString);
            assertTrue(
                    dryRun.out()
                            .contains("Would remove the high-availability data of " + killed + ": application " + killed
                                    + " has ended (KILLED)\n"),
                    dryRun::toString);
            assertTrue(zk.checkExists().forPath("/spindle/" + killed) != null, "a dry run removes nothing");

            CliRun cleaned = clean(haOptions);
            assertEquals(0, cleaned.exitCode(), cleaned::toString);
            assertEquals(
                    List.of(
                            "Removed /spindle/" + killed + " in ZooKeeper and "
                                    + qualified(ha.resolve(killed.toString())) + ": application " + killed
                                    + " has ended (KILLED)",
                            "Removed the high-availability data of 1 ended application; kept 3 of running or unknown "
                                    + "applications and other clusters"),
                    cleaned.out()
                            .lines()
                            .filter(l -> l.contains("high-availability") || l.contains("/spindle/"))
                            .toList(),
                    cleaned::toString);
            assertTrue(zk.checkExists().forPath("/spindle/" + killed) == null);
            assertFalse(Files.exists(ha.resolve(killed.toString())));
            assertTrue(Files.isDirectory(jobResults), "the job result store's entries stay");
            for (String kept : List.of(waiting.toString(), unknown.toString(), "standalone-a")) {
                assertTrue(zk.checkExists().forPath("/spindle/" + kept + "/jobgraphs/job") != null, kept);
                assertTrue(Files.exists(ha.resolve(kept).resolve("jobs").resolve("graph")), kept);
            }
            client.killApplication(waiting);
        }
    }

    /** An application with an unmanaged AM that never registers: YARN keeps it ACCEPTED, not ended. */
    private static ApplicationId submitUnmanaged(String name) throws Exception {
        ApplicationSubmissionContext app = client.createApplication().getApplicationSubmissionContext();
        app.setApplicationName(name);
        app.setUnmanagedAM(true);
        app.setQueue("default");
        app.setResource(Resource.newInstance(64, 1));
        app.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of(), null, null, null));
        client.submitApplication(app);
        return app.getApplicationId();
    }

    private static ApplicationId deploySession(String name) {
        CliRun r = session("-d", "-nm", name, "-jm", "512");
        assertEquals(0, r.exitCode(), r::toString);
        return ApplicationId.fromString(find(SUBMITTED_APP, r.out()));
    }

    /** SIGKILL of the AM's JVM (its command line names its container's log directory, under the application's). */
    private static void killAmProcess(ApplicationId appId) {
        // The NodeManagers run in this JVM: the AM is one of its descendants.
        ProcessHandle am = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .filter(p -> dev.spindle.util.ProcessCommandLines.of(p)
                        .map(c ->
                                c.contains(appId.toString()) && c.contains("dev.spindle.yarn.am.ApplicationMasterMain"))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no AM process of " + appId));
        assertTrue(am.destroyForcibly());
    }

    private static YarnApplicationState state(ApplicationId appId) {
        try {
            return client.getApplicationReport(appId).getYarnApplicationState();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(50);
        }
    }

    private static CliRun clean(String... args) {
        return clean(List.of(), args);
    }

    private static CliRun clean(List<String> options, String... args) {
        List<String> all = new ArrayList<>(
                List.of("clean", "--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(options);
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static CliRun session(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.ofYarnSession(all.toArray(String[]::new));
    }

    private static List<String> commonOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props"));
    }

    private static Path staging(ApplicationId appId) {
        return dir.resolve("staging").resolve(".spindle").resolve(appId.toString());
    }

    /** A local path as Hadoop prints it qualified: {@code file:/...}. */
    private static String qualified(Path path) {
        return "file:" + path.toAbsolutePath();
    }

    private static Path propertiesFile() {
        return dir.resolve("props").resolve(".yarn-properties-" + System.getProperty("user.name"));
    }

    private static String properties() throws Exception {
        return new dev.spindle.client.yarn.YarnPropertiesFile(propertiesFile()).readApplicationId();
    }
}
