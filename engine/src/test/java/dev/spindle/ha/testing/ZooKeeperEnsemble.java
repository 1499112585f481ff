package dev.spindle.ha.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three real ZooKeeper servers, each a {@link ZooKeeperProcess} in {@code <dir>/server-<n>} with
 * its {@code myid}, forming one quorum on free loopback ports (client, peer and election port
 * each): it serves while two of them run. Servers are numbered 1 to 3, as in {@code zoo.cfg}.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
    public static final int SIZE = 3;

    private final List<ZooKeeperProcess> servers;

    private ZooKeeperEnsemble(List<ZooKeeperProcess> servers) {
        this.servers = servers;
    }

    /** Starts the three servers and waits until each serves (a leader was elected). */
    public static ZooKeeperEnsemble start(Path dir) throws IOException, InterruptedException {
        int[] ports = FreePorts.take(3 * SIZE);
        List<String> serverLines = new ArrayList<>();
        for (int n = 1; n <= SIZE; n++) {
            serverLines.add("server." + n + "=127.0.0.1:" + ports[SIZE + n - 1] + ":" + ports[2 * SIZE + n - 1]);
        }
        List<ZooKeeperProcess> servers = new ArrayList<>();
        for (int n = 1; n <= SIZE; n++) {
            servers.add(ZooKeeperProcess.ensembleMember(dir.resolve("server-" + n), ports[n - 1], n, serverLines));
        }
        ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(List.copyOf(servers));
        try {
            for (ZooKeeperProcess server : servers) {
                server.launch();
            }
            for (ZooKeeperProcess server : servers) {
                server.awaitServing(ZooKeeperProcess.START_TIMEOUT);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // Whatever failed, no server of a half-started ensemble stays behind.
            ensemble.close();
            throw e;
        }
        return ensemble;
    }

    /** Server {@code n} (1 to 3). */
    public ZooKeeperProcess server(int n) {
        if (n < 1 || n > SIZE) {
            throw new IllegalArgumentException("servers are numbered 1 to " + SIZE + ", got " + n);
        }
        return servers.get(n - 1);
    }

    /** Kills server {@code n} with SIGKILL. */
    public void kill9(int n) throws InterruptedException {
        server(n).kill9();
    }

    /**
     * Starts server {@code n} again (stopping it first if it runs) on its ports with its data, and
     * waits until it serves: it needs one other running server to form a quorum with.
     */
    public void restart(int n) throws IOException, InterruptedException {
        server(n).restart();
    }

    /** The client quorum of all three, {@code 127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>}. */
    public String connectString() {
        return servers.stream().map(ZooKeeperProcess::connectString).collect(Collectors.joining(","));
    }

    /** Stops every server (see {@link ZooKeeperProcess#close()}). */
    @Override
    public void close() {
        for (ZooKeeperProcess server : servers) {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper ensemble " + servers;
    }
}
