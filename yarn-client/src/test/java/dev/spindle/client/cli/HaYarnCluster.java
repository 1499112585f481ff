package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.ha.testing.ZooKeeperProcess;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What the high-availability ITs on YARN share: a MiniYARNCluster (more AM attempts allowed than any
 * application asks for: the attempts an application uses are its own count) with a real ZooKeeper
 * server process, the per-job keyed count they run on it, and the check that an application that
 * ended left no high-availability data.
 */
final class HaYarnCluster implements AutoCloseable {
    /** Keys of the keyed count; its expected output is {@code KeyedCountOutput.expected(records, KEYS)}. */
    static final long KEYS = 100;

    final Path dir;
    final MiniYarn yarn;
    final YarnClient client;
    final ZooKeeperProcess zooKeeper;

    private HaYarnCluster(Path dir, MiniYarn yarn, ZooKeeperProcess zooKeeper) {
        this.dir = dir;
        this.yarn = yarn;
        this.client = yarn.client();
        this.zooKeeper = zooKeeper;
    }

    static HaYarnCluster start(Path dir, String name) throws Exception {
        ZooKeeperProcess zooKeeper =
                ZooKeeperProcess.standalone(dir.resolve("zookeeper"), 0).start();
        try {
            Configuration extra = new Configuration(false);
            extra.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4);
            return new HaYarnCluster(dir, MiniYarn.start(name, dir.resolve("conf"), 2048, extra), zooKeeper);
        } catch (Exception | Error e) {
            zooKeeper.close();
            throw e;
        }
    }

    /** {@code -D} options of high availability on this cluster's quorum, and the staging directory. */
    List<String> haOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "high-availability.type=zookeeper",
                "-D",
                "high-availability.zookeeper.quorum=" + zooKeeper.connectString(),
                "-D",
                "high-availability.storageDir=" + dir.resolve("ha").toUri());
    }

    /**
     * The arguments of {@code spindle run -t yarn-per-job} (detached or not) of the keyed count with
     * the exactly-once file sink into {@code output}: parallelism 2 on one-slot TaskManagers, a
     * checkpoint every 200 ms, 10,000 records a second, high availability; {@code options} are
     * further {@code key=value} settings.
     */
    List<String> keyedCount(boolean detached, Path output, long records, List<String> options) {
        List<String> args = new ArrayList<>(List.of("run", "-t", "yarn-per-job"));
        if (detached) {
            args.add("-d");
        }
        args.addAll(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        args.addAll(haOptions());
        List<String> settings = new ArrayList<>(List.of(
                "jobmanager.memory.process.size=512m",
                "taskmanager.memory.process.size=512m",
                "taskmanager.numberOfTaskSlots=1",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=5",
                "restart-strategy.fixed-delay.delay=100 ms"));
        settings.addAll(options);
        settings.forEach(s -> args.addAll(List.of("-D", s)));
        args.addAll(List.of(
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
                output.toString()));
        return args;
    }

    /** A client of this cluster's ZooKeeper, connected. */
    CuratorFramework connect() throws InterruptedException {
        CuratorFramework zk = CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100));
        zk.start();
        assertTrue(zk.blockUntilConnected(10, TimeUnit.SECONDS), "connected to " + zooKeeper);
        return zk;
    }

    /** The application ended for good: its ZooKeeper nodes and high-availability files are gone. */
    void assertHighAvailabilityDataGone(ApplicationId appId) throws Exception {
        try (CuratorFramework zk = connect()) {
            assertNull(zk.checkExists().forPath("/spindle/" + appId), "ZooKeeper nodes of " + appId + " left");
        }
        assertFalse(Files.exists(dir.resolve("ha").resolve(appId.toString())), "HA files of " + appId + " left");
        assertFalse(
                Files.exists(dir.resolve("ha").resolve("job-result-store").resolve(appId.toString())),
                "the job result store of " + appId + " left");
    }

    @Override
    public void close() {
        try {
            yarn.close();
        } finally {
            zooKeeper.close();
        }
    }
}
