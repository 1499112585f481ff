package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterEndpoint;
import dev.spindle.client.cluster.StandaloneClusterLocator;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.LeaderContender;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.ha.testing.ZooKeeperProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster with high availability is found through ZooKeeper: the client asks for the
 * leader that a real leader election on a real ZooKeeper server published, from any machine, and
 * without a leader the command fails at once with one line that names the cluster and the fix.
 */
class StandaloneLeaderLookupTest {
    @TempDir
    static Path dir;

    static ZooKeeperProcess zooKeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = ZooKeeperProcess.standalone(dir.resolve("zk"), 0).start();
    }

    @AfterAll
    static void stopZooKeeper() {
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static Configuration ha(String clusterId) {
        Configuration config = new Configuration();
        config.set(HighAvailabilityOptions.TYPE, "zookeeper");
        config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, zooKeeper.connectString());
        config.set(
                HighAvailabilityOptions.STORAGE_DIR, dir.resolve("ha").toUri().toString());
        if (clusterId != null) {
            config.set(HighAvailabilityOptions.CLUSTER_ID, clusterId);
        }
        return config;
    }

    @Test
    void theLeaderThatZooKeeperNamesIsTheEndpoint() throws Exception {
        Configuration config = ha(null); // a standalone cluster's default id
        try (HighAvailabilityServices jobManager = HighAvailabilityServicesFactory.create(
                config, HighAvailabilityServicesFactory.STANDALONE_CLUSTER_ID, "jm-test")) {
            CompletableFuture<UUID> granted = new CompletableFuture<>();
            jobManager.leaderElection().start(new LeaderContender() {
                @Override
                public void grantLeadership(UUID sessionId) {
                    granted.complete(sessionId);
                }

                @Override
                public void revokeLeadership() {}

                @Override
                public void handleError(Throwable error) {
                    granted.completeExceptionally(error);
                }
            });
            UUID session = granted.get(60, TimeUnit.SECONDS);
            jobManager
                    .leaderElection()
                    .confirmLeadership(
                            session, new LeaderInformation(session, "10.0.0.7:6123", "http://10.0.0.7:8081"));
            Path secret = dir.resolve("secret");

            ClusterEndpoint endpoint = new StandaloneClusterLocator(Map.of(), null).ofLeader(config, secret);

            assertEquals(URI.create("http://10.0.0.7:8081"), endpoint.restAddress());
            assertEquals(secret, endpoint.secretFile());
            assertEquals("the leader of cluster 'default' (http://10.0.0.7:8081)", endpoint.description());
        }
    }

    @Test
    void withoutALeaderTheLookupFailsAtOnceNamingTheClusterAndTheFix() {
        Configuration config = ha("no-such-cluster");
        config.set(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT, Duration.ofSeconds(20));
        ClusterAccessException e = org.junit.jupiter.api.Assertions.assertThrows(
                ClusterAccessException.class,
                () -> new StandaloneClusterLocator(Map.of(), null).ofLeader(config, null));
        assertEquals(
                "no JobManager leads cluster 'no-such-cluster' (ZooKeeper at " + zooKeeper.connectString()
                        + "): start one with scripts/standalone-cluster start, or check high-availability.cluster-id",
                e.getMessage());

        CliRun run = CliRun.of(
                "list",
                "-t",
                "standalone",
                "-D",
                "high-availability.type=zookeeper",
                "-D",
                "high-availability.zookeeper.quorum=" + zooKeeper.connectString(),
                "-D",
                "high-availability.storageDir=" + dir.resolve("ha").toUri(),
                "-D",
                "high-availability.cluster-id=no-such-cluster");
        String line = run.assertOneErrorLine(ExitCodes.CLUSTER_ERROR);
        assertTrue(line.contains("no JobManager leads cluster 'no-such-cluster'"), line);
    }
}
