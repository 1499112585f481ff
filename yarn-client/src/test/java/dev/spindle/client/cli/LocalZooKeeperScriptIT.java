package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.Scripts.ScriptRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/local-zookeeper} as a user runs it, in a directory of this test: start, status, a
 * Curator client on the printed quorum, stop, status; a start on a port in use.
 */
class LocalZooKeeperScriptIT {
    @TempDir
    Path dir;

    private Path serverDir;
    private Map<String, String> env;

    @AfterEach
    void stopWhateverHappened() throws Exception {
        if (env != null) {
            Scripts.run(dir, env, "local-zookeeper", "stop");
        }
    }

    @Test
    void startsServesAndStops() throws Exception {
        serverDir = dir.resolve("local-zookeeper");
        env = Map.of("SPINDLE_LOCAL_ZOOKEEPER_DIR", serverDir.toString());
        int port = freePort();
        String quorum = "localhost:" + port;

        ScriptRun start = Scripts.run(dir, env, "local-zookeeper", "start", "--port", Integer.toString(port));
        assertEquals(0, start.exitCode(), start::toString);
        assertTrue(start.out().contains("Local ZooKeeper server started in " + serverDir), start::toString);
        assertTrue(start.out().lines().anyMatch(l -> l.equals("Quorum: " + quorum)), start::toString);
        long pid = Long.parseLong(
                Files.readString(serverDir.resolve("local-zookeeper.pid")).strip());
        assertTrue(ProcessHandle.of(pid)
                .orElseThrow()
                .info()
                .commandLine()
                .orElse("")
                .contains("org.apache.zookeeper.server.quorum.QuorumPeerMain " + serverDir.resolve("zoo.cfg")));

        ScriptRun status = Scripts.run(dir, env, "local-zookeeper", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(
                status.out().contains("Local ZooKeeper server in " + serverDir + ": running (pid " + pid),
                status::toString);
        assertTrue(status.out().lines().anyMatch(l -> l.equals("Quorum: " + quorum)), status::toString);

        try (CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(quorum)
                .connectionTimeoutMs(10_000)
                .retryPolicy(new RetryNTimes(3, 500))
                .build()) {
            client.start();
            client.create().forPath("/local-zookeeper-it", "written".getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    "written", new String(client.getData().forPath("/local-zookeeper-it"), StandardCharsets.UTF_8));
        }

        ScriptRun again = Scripts.run(dir, env, "local-zookeeper", "start", "--port", Integer.toString(port));
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(
                "local-zookeeper: a local ZooKeeper server is already running in " + serverDir + " (pid " + pid
                        + ", quorum " + quorum + "); stop it first with 'scripts/local-zookeeper stop'",
                again.err().strip());

        ScriptRun stop = Scripts.run(dir, env, "local-zookeeper", "stop");
        assertEquals(0, stop.exitCode(), stop::toString);
        assertTrue(stop.out().contains("Stopped the local ZooKeeper server in " + serverDir), stop::toString);
        assertFalse(isRunning(pid), "the server JVM ended");
        assertFalse(Files.exists(serverDir.resolve("local-zookeeper.properties")));
        assertTrue(Files.exists(serverDir.resolve("local-zookeeper.log")), "the log is kept");

        ScriptRun stopped = Scripts.run(dir, env, "local-zookeeper", "status");
        assertEquals(3, stopped.exitCode(), stopped::toString);
        assertEquals(
                "No local ZooKeeper server is running in " + serverDir,
                stopped.out().strip());
        env = null;
    }

    @Test
    void aPortInUseIsRefusedWithTheFix() throws Exception {
        serverDir = dir.resolve("refused");
        env = Map.of("SPINDLE_LOCAL_ZOOKEEPER_DIR", serverDir.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ScriptRun start = Scripts.run(dir, env, "local-zookeeper", "start", "--port", Integer.toString(port));
            assertEquals(1, start.exitCode(), start::toString);
            assertEquals(
                    "local-zookeeper: port " + port
                            + " is in use (by another ZooKeeper server?); choose a free one with --port P",
                    start.err().strip());
            assertEquals("", start.out());
        }
        assertEquals(3, Scripts.run(dir, env, "local-zookeeper", "status").exitCode());
        ScriptRun usage = Scripts.run(dir, env, "local-zookeeper", "start", "--port", "http");
        assertEquals(2, usage.exitCode(), usage::toString);
        env = null;
    }

    /** Whether a process runs; a zombie (an ended JVM whose parent, the script's shell, is gone) does not. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
