package dev.spindle.ha.zookeeper;

import static dev.spindle.ha.zookeeper.HaTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.JobResultStores;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingContender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leftovers of clusters whose last process died without cleaning up, on a real ZooKeeper server
 * and the local file system: listed by cluster id, deleted one cluster at a time, the job result
 * store and the other clusters left alone.
 */
class ZooKeeperHaLeftoversTest {
    @RegisterExtension
    static final ZooKeeperTestServer zooKeeper = new ZooKeeperTestServer();

    @TempDir
    Path storage;

    @TempDir
    Path local;

    /** A cluster that leads, stores a job with a jar and then dies: its services close, nothing is cleaned. */
    private void leaveBehind(String clusterId) throws Exception {
        Configuration config = HaTestSupport.config(zooKeeper.server(), clusterId, storage);
        try (ZooKeeperHaServices services = start(config, "jm-" + clusterId)) {
            RecordingContender contender = new RecordingContender();
            services.leaderElection().start(contender);
            contender.awaitGrant();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
            env.fromSequence(1, 10).addSink(v -> {});
            Path jar = Files.writeString(local.resolve(clusterId + ".jar"), "jar of " + clusterId);
            services.jobGraphStore().put(env.getJobGraph("job of " + clusterId), List.of(jar));
        }
    }

    @Test
    void theDataOfOneEndedClusterIsDeletedAndNothingElse() throws Exception {
        leaveBehind("application_1_0001");
        leaveBehind("application_1_0002");
        Path jobResults = Files.createDirectories(
                storage.resolve(JobResultStores.DIRECTORY).resolve("application_1_0001"));
        Files.writeString(jobResults.resolve("0123456789abcdef0123456789abcdef.json"), "{}");
        Configuration clientConfig = HaTestSupport.config(zooKeeper.server(), "ignored", storage);
        clientConfig.remove(HighAvailabilityOptions.CLUSTER_ID);

        try (ZooKeeperHaLeftovers leftovers = ZooKeeperHaLeftovers.connect(clientConfig);
                CuratorFramework zk = CuratorFrameworkFactory.newClient(
                        zooKeeper.server().getConnectString(), new RetryOneTime(100))) {
            zk.start();
            assertEquals(Set.of("application_1_0001", "application_1_0002"), leftovers.clusterIds());

            String deleted = leftovers.delete("application_1_0001");

            assertEquals(
                    "/spindle/application_1_0001 in ZooKeeper and file:" + storage.resolve("application_1_0001"),
                    deleted);
            assertNull(zk.checkExists().forPath("/spindle/application_1_0001"), "its nodes are gone");
            assertFalse(Files.exists(storage.resolve("application_1_0001")), "its files are gone");
            assertTrue(Files.isDirectory(jobResults), "the job result store stays, as after a clean end");
            assertTrue(zk.checkExists().forPath("/spindle/application_1_0002/jobgraphs") != null, "other cluster");
            assertTrue(Files.isDirectory(storage.resolve("application_1_0002").resolve("jobs")), "other cluster");
            assertEquals(Set.of("application_1_0002"), leftovers.clusterIds());
            assertNull(leftovers.delete("application_1_0001"), "nothing left to delete the second time");
        }
    }
}
