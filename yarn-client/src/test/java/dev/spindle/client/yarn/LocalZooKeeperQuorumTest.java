package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the local YARN cluster's ZooKeeper quorum fills in high-availability.zookeeper.quorum, and when not. */
class LocalZooKeeperQuorumTest {
    @TempDir
    Path conf;

    @Test
    void zooKeeperHaWithoutAQuorumTakesTheLocalClustersQuorum() throws Exception {
        writeQuorumFile("localhost:2181\n");
        Configuration config = Configuration.fromMap(Map.of("high-availability.type", "ZooKeeper"));

        Configuration withQuorum = LocalZooKeeperQuorum.withLocalQuorum(config, conf);

        assertEquals("localhost:2181", withQuorum.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
        assertEquals(
                Map.of("high-availability.type", "ZooKeeper", "high-availability.zookeeper.quorum", "localhost:2181"),
                withQuorum.toMap());
        assertFalse(config.contains(HighAvailabilityOptions.ZOOKEEPER_QUORUM), "the given config is not changed");
    }

    @Test
    void anExplicitQuorumWins() throws Exception {
        writeQuorumFile("localhost:2181");
        Configuration config = Configuration.fromMap(Map.of(
                "high-availability.type", "zookeeper", "high-availability.zookeeper.quorum", "zk1:2181,zk2:2181"));

        assertSame(config, LocalZooKeeperQuorum.withLocalQuorum(config, conf));
        assertEquals("zk1:2181,zk2:2181", config.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
    }

    @Test
    void withoutHighAvailabilityTheFileIsNotRead() throws Exception {
        writeQuorumFile("");
        Configuration none = Configuration.fromMap(Map.of("high-availability.type", "none"));
        Configuration unset = new Configuration();

        assertSame(none, LocalZooKeeperQuorum.withLocalQuorum(none, conf));
        assertSame(unset, LocalZooKeeperQuorum.withLocalQuorum(unset, conf));
        assertFalse(unset.contains(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
    }

    @Test
    void aClusterWithoutZooKeeperLeavesTheQuorumUnset() throws Exception {
        Configuration config = Configuration.fromMap(Map.of("high-availability.type", "zookeeper"));

        assertSame(config, LocalZooKeeperQuorum.withLocalQuorum(config, conf));
        assertFalse(config.contains(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
    }

    @Test
    void anEmptyQuorumFileIsAnErrorNamingTheFileAndTheFix() throws Exception {
        writeQuorumFile(" \n");
        Configuration config = Configuration.fromMap(Map.of("high-availability.type", "zookeeper"));

        ClusterAccessException e =
                assertThrows(ClusterAccessException.class, () -> LocalZooKeeperQuorum.withLocalQuorum(config, conf));

        assertEquals(
                conf.resolve("zookeeper-quorum") + " holds no quorum (one line host:port,...); set "
                        + "high-availability.zookeeper.quorum, or restart the local YARN cluster with "
                        + "scripts/local-yarn stop and start --with-zookeeper",
                e.getMessage());
    }

    @Test
    void theFileIsTheOneLocalYarnLayoutNames() {
        LocalYarnLayout layout = new LocalYarnLayout(conf.getParent());
        assertEquals(layout.confDir().resolve("zookeeper-quorum"), layout.zooKeeperQuorumFile());
    }

    private void writeQuorumFile(String content) throws IOException {
        Files.writeString(conf.resolve(LocalYarnLayout.ZOOKEEPER_QUORUM_FILE), content);
    }
}
