package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.ha.testing.ZooKeeperProcess;
import dev.spindle.localyarn.LocalYarnLayout;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks a deployment with high availability makes before it submits anything. */
class HighAvailabilityPreflightTest {
    @TempDir
    Path dir;

    private Configuration ha() {
        Configuration config = new Configuration();
        config.set(HighAvailabilityOptions.TYPE, "zookeeper");
        config.set(
                HighAvailabilityOptions.STORAGE_DIR, dir.resolve("ha").toUri().toString());
        config.set(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT, Duration.ofSeconds(1));
        return config;
    }

    @Test
    void withoutHighAvailabilityNothingIsChecked() throws Exception {
        Configuration none = new Configuration();
        assertSame(none, HighAvailabilityPreflight.check(none, dir));
    }

    @Test
    void aMissingStorageDirectoryIsNamed() {
        Configuration config = ha();
        config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, "localhost:1");
        config.remove(HighAvailabilityOptions.STORAGE_DIR);
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> HighAvailabilityPreflight.check(config, null));
        assertTrue(e.getMessage().contains("high-availability.storageDir"), e.getMessage());
    }

    @Test
    void anUnreachableQuorumFailsNamingItAndTheTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Configuration config = ha();
        config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, "localhost:" + port);
        ClusterDeploymentException e =
                assertThrows(ClusterDeploymentException.class, () -> HighAvailabilityPreflight.check(config, null));
        assertTrue(e.getMessage().contains("localhost:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("high-availability.zookeeper.client.connection-timeout"), e.getMessage());
    }

    @Test
    void theLocalYarnClustersQuorumIsUsedWhenNoneIsSet() throws Exception {
        try (ZooKeeperProcess zooKeeper =
                ZooKeeperProcess.standalone(dir.resolve("zk"), 0).start()) {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve(LocalYarnLayout.ZOOKEEPER_QUORUM_FILE), zooKeeper.connectString() + "\n");
            Configuration checked = HighAvailabilityPreflight.check(ha(), conf);
            assertEquals(zooKeeper.connectString(), checked.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
        }
    }
}
