package dev.spindle.ha.testing;

import static dev.spindle.ha.testing.CuratorClients.bytes;
import static dev.spindle.ha.testing.CuratorClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ZooKeeperProcess}: a real server JVM that serves, dies with SIGKILL and comes back with its data. */
class ZooKeeperProcessIT {
    @TempDir
    Path dir;

    @Test
    void servesDiesAndComesBackWithItsData() throws Exception {
        try (ZooKeeperProcess server = ZooKeeperProcess.standalone(dir, 0).start()) {
            long firstPid = server.pid();
            assertTrue(server.serves());
            assertTrue(ProcessHandle.of(firstPid)
                    .orElseThrow()
                    .info()
                    .commandLine()
                    .orElse("")
                    .contains(ZooKeeperProcess.MAIN_CLASS));
            try (CuratorFramework client = CuratorClients.patient(server.connectString())) {
                client.create().forPath("/fixture", bytes("before the crash"));
                assertEquals("before the crash", text(client.getData().forPath("/fixture")));
            }

            server.kill9();
            assertFalse(server.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            try (CuratorFramework client = CuratorClients.impatient(server.connectString())) {
                assertThrows(
                        KeeperException.ConnectionLossException.class,
                        () -> client.create().forPath("/while-down", bytes("lost")));
            }

            server.restart();
            assertNotEquals(firstPid, server.pid());
            try (CuratorFramework client = CuratorClients.patient(server.connectString())) {
                assertEquals("before the crash", text(client.getData().forPath("/fixture")));
                assertEquals(null, client.checkExists().forPath("/while-down"));
                client.setData().forPath("/fixture", bytes("after the restart"));
            }

            server.stop();
            assertFalse(server.isRunning());
            server.start();
            try (CuratorFramework client = CuratorClients.patient(server.connectString())) {
                assertEquals("after the restart", text(client.getData().forPath("/fixture")));
            }
        }
        assertTrue(Files.readString(dir.resolve("zookeeper.log")).contains("binding to port"));
    }

    @Test
    void aSecondServerOnTheSamePortIsRefusedWithTheReason() throws Exception {
        try (ZooKeeperProcess first =
                        ZooKeeperProcess.standalone(dir.resolve("first"), 0).start();
                ZooKeeperProcess second = ZooKeeperProcess.standalone(dir.resolve("second"), first.port())) {
            java.io.IOException failure = assertThrows(java.io.IOException.class, second::start);
            assertEquals(
                    "port " + first.port() + " of 127.0.0.1 is in use: the ZooKeeper server in " + dir.resolve("second")
                            + " cannot listen on it",
                    failure.getMessage());
            assertFalse(second.isRunning());
            assertTrue(first.serves());
        }
    }
}
