package dev.spindle.ha.zookeeper;

import dev.spindle.config.Configuration;
import dev.spindle.ha.LeaderInformation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * A client's one-time question to ZooKeeper: which JobManager leads this cluster now, at which REST
 * address? The leader publishes its addresses in the cluster's leader node once it serves; while
 * there is none but JobManagers take part in the election (a failover in progress), the lookup
 * waits for one, at most a given time. Without any JobManager in the election it answers at once.
 */
public final class ZooKeeperLeaderLookup {
    private static final long POLL_MILLIS = 100;

    private ZooKeeperLeaderLookup() {}

    /**
     * The current leader of the cluster {@code config} names ({@code high-availability.cluster-id},
     * else {@code defaultClusterId}), waiting at most {@code wait} for one to publish itself while
     * JobManagers take part in its election.
     *
     * @return the leader, or null if none published itself in time, or none takes part
     * @throws dev.spindle.config.IllegalConfigurationException if an HA option is missing or malformed
     * @throws IOException if ZooKeeper did not answer (the message names the quorum)
     */
    public static LeaderInformation await(Configuration config, String defaultClusterId, Duration wait)
            throws IOException {
        ZooKeeperHaConfig ha = ZooKeeperHaConfig.from(config, defaultClusterId);
        ZooKeeperPaths paths = new ZooKeeperPaths(ha.root(), ha.clusterId());
        String path = paths.leaderInfo();
        long deadline = System.nanoTime() + wait.toNanos();
        try (CuratorFramework client = CuratorClients.connect(ha)) {
            while (true) {
                LeaderInformation leader = read(client, path);
                if (leader != null && leader.restAddress() != null) {
                    return leader;
                }
                if (System.nanoTime() >= deadline || !hasParticipants(client, paths.latch())) {
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking for the leader of " + ha.clusterId());
        }
    }

    private static boolean hasParticipants(CuratorFramework client, String latch) throws IOException {
        try {
            return !client.getChildren().forPath(latch).isEmpty();
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw ZooKeeperIo.failure("list " + latch, e);
        }
    }

    private static LeaderInformation read(CuratorFramework client, String path) throws IOException {
        try {
            return LeaderInformation.fromBytes(client.getData().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (IOException e) {
            throw new IOException("The leader node " + path + " is unreadable: " + e.getMessage(), e);
        } catch (Exception e) {
            throw ZooKeeperIo.failure("read " + path, e);
        }
    }
}
