package dev.spindle.ha.testing;

import static dev.spindle.ha.testing.CuratorClients.bytes;
import static dev.spindle.ha.testing.CuratorClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ZooKeeperEnsemble}: three server JVMs that serve while two of them run. */
class ZooKeeperEnsembleIT {
    @TempDir
    Path dir;

    @Test
    void servesWithTwoOfThreeAndStopsServingWithOne() throws Exception {
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(dir);
                CuratorFramework client = CuratorClients.patient(ensemble.connectString())) {
            assertEquals(3, ensemble.connectString().split(",").length);
            client.create().forPath("/all-three", bytes("1"));

            ensemble.kill9(1);
            assertFalse(ensemble.server(1).isRunning());
            client.create().forPath("/two-of-three", bytes("2"));
            assertEquals("1", text(client.getData().forPath("/all-three")));
            assertEquals("2", text(client.getData().forPath("/two-of-three")));

            ensemble.kill9(2);
            assertTrue(ensemble.server(3).isRunning());
            try (CuratorFramework probe =
                    CuratorClients.impatient(ensemble.server(3).connectString())) {
                assertThrows(
                        KeeperException.ConnectionLossException.class,
                        () -> probe.create().forPath("/one-of-three", bytes("3")));
            }

            ensemble.restart(2);
            client.create().forPath("/back", bytes("4"));
            assertEquals("1", text(client.getData().forPath("/all-three")));
            assertEquals("2", text(client.getData().forPath("/two-of-three")));
            assertEquals(null, client.checkExists().forPath("/one-of-three"));

            ensemble.restart(1);
            try (CuratorFramework first =
                    CuratorClients.patient(ensemble.server(1).connectString())) {
                first.sync().forPath("/back");
                assertEquals("4", text(first.getData().forPath("/back")));
            }
        }
    }
}
