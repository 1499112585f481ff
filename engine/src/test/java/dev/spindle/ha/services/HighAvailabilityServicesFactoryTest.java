package dev.spindle.ha.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.NoHighAvailabilityServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which services the configuration makes, and every way the user can get it wrong. */
class HighAvailabilityServicesFactoryTest {
    @TempDir
    Path storage;

    private Configuration zookeeper(String quorum) {
        Configuration config = new Configuration();
        config.setString("high-availability.type", "ZooKeeper");
        if (quorum != null) {
            config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, quorum);
        }
        config.set(HighAvailabilityOptions.STORAGE_DIR, storage.toUri().toString());
        return config;
    }

    private static String refusal(Configuration config) {
        return assertThrows(
                        IllegalConfigurationException.class,
                        () -> HighAvailabilityServicesFactory.create(config, "default", "p"))
                .getMessage();
    }

    @Test
    void noneIsToday() throws Exception {
        try (HighAvailabilityServices services =
                HighAvailabilityServicesFactory.create(new Configuration(), "application_1_0001", "p")) {
            assertTrue(services instanceof NoHighAvailabilityServices);
            assertFalse(services.isEnabled());
            assertEquals("application_1_0001", services.clusterId());
        }
    }

    @Test
    void zookeeperConnectsUnderTheConfiguredClusterId() throws Exception {
        try (TestingServer server = new TestingServer(true)) {
            Configuration config = zookeeper(server.getConnectString());
            config.set(HighAvailabilityOptions.CLUSTER_ID, "my-cluster");
            try (HighAvailabilityServices services =
                    HighAvailabilityServicesFactory.create(config, "application_1_0001", "p")) {
                assertTrue(services.isEnabled());
                assertEquals("my-cluster", services.clusterId());
            }
        }
    }

    @Test
    void aMissingQuorumOrStorageDirectoryIsNamed() {
        assertEquals(
                "high-availability.type is zookeeper but high-availability.zookeeper.quorum is not set: set it to the "
                        + "ZooKeeper servers, host:port,host:port,....",
                refusal(zookeeper(null)));
        Configuration noStorage = zookeeper("zk:2181");
        noStorage.remove(HighAvailabilityOptions.STORAGE_DIR);
        assertEquals(
                "high-availability.type is zookeeper but high-availability.storageDir is not set: set it to a "
                        + "directory that every JobManager reaches (hdfs://... or file:///...).",
                refusal(noStorage));
    }

    @Test
    void aMalformedQuorumIsNamed() {
        assertEquals(
                "high-availability.zookeeper.quorum 'zk1:2181,zk2' is not a ZooKeeper quorum: 'zk2' is not host:port "
                        + "(expected host:port,host:port,..., e.g. zk1:2181,zk2:2181,zk3:2181).",
                refusal(zookeeper("zk1:2181,zk2")));
        assertTrue(refusal(zookeeper("zk1:two")).contains(": the port of 'zk1:two' is not a number"));
        assertTrue(refusal(zookeeper("zk1:70000/spindle")).contains(": the port of 'zk1:70000' is not in 1..65535"));
    }

    @Test
    void aRelativeStorageDirectoryOrAClusterIdWithASlashIsRefused() {
        Configuration relative = zookeeper("zk:2181");
        relative.set(HighAvailabilityOptions.STORAGE_DIR, "ha-data");
        assertEquals(
                "high-availability.storageDir 'ha-data' is not an absolute path: every JobManager must find the same "
                        + "directory (e.g. hdfs:///spindle/ha or file:///shared/ha).",
                refusal(relative));
        Configuration slash = zookeeper("zk:2181");
        slash.set(HighAvailabilityOptions.CLUSTER_ID, "a/b");
        assertEquals(
                "high-availability.cluster-id 'a/b' cannot name a ZooKeeper node and a directory: use letters, digits, "
                        + "'-', '_' or '.', no '/'.",
                refusal(slash));
    }

    @Test
    void anUnreachableQuorumFailsWithinTheConnectionTimeoutNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // nobody listens there once closed
        }
        Configuration config = zookeeper("127.0.0.1:" + port);
        config.set(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT, Duration.ofMillis(500));
        IOException e =
                assertThrows(IOException.class, () -> HighAvailabilityServicesFactory.create(config, "default", "p"));
        assertEquals(
                "Cannot connect to ZooKeeper at 127.0.0.1:" + port + ": no server answered within "
                        + "high-availability.zookeeper.client.connection-timeout (500 ms). Check "
                        + "high-availability.zookeeper.quorum and that the servers run, or raise the timeout.",
                e.getMessage());
    }
}
