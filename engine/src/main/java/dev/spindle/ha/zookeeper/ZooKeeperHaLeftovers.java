package dev.spindle.ha.zookeeper;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * What clusters that ended for good left in ZooKeeper and in the HA storage directory, for a client
 * to remove: a YARN application whose last attempt was killed (SIGKILL, a lost node) never reached
 * the code that deletes its own HA data. This takes no part in any leader election and fences
 * nothing: the caller must know that no process of a cluster it deletes runs any more (for YARN,
 * that the ResourceManager reports the application ended). The job result store's entries are
 * kept, as a cluster that ends cleanly keeps them (an empty store's directory goes).
 *
 * <p>One ZooKeeper connection for all the work; close it when done.
 */
public final class ZooKeeperHaLeftovers implements AutoCloseable {
    private final Configuration config;
    private final ZooKeeperHaConfig base;
    private final CuratorFramework client;

    private ZooKeeperHaLeftovers(Configuration config, ZooKeeperHaConfig base, CuratorFramework client) {
        this.config = config;
        this.base = base;
        this.client = client;
    }

    /**
     * Connects to the quorum of {@code config} (at most its connection timeout).
     *
     * @throws dev.spindle.config.IllegalConfigurationException if an HA option is missing or malformed
     * @throws IOException if no ZooKeeper server answered in time (the message names the quorum)
     */
    public static ZooKeeperHaLeftovers connect(Configuration config) throws IOException {
        ZooKeeperHaConfig base = ZooKeeperHaConfig.from(config, "default");
        return new ZooKeeperHaLeftovers(new Configuration(config), base, CuratorClients.connect(base));
    }

    /** The quorum this is connected to. */
    public String quorum() {
        return base.quorum();
    }

    /**
     * The ids of the clusters with nodes under {@code high-availability.zookeeper.path.root} or a
     * directory in {@code high-availability.storageDir}, sorted.
     */
    public Set<String> clusterIds() throws IOException {
        Set<String> ids = new TreeSet<>(HaStorage.open(base).clusterIds());
        try {
            ids.addAll(client.getChildren().forPath(base.root()));
        } catch (KeeperException.NoNodeException e) {
            // no cluster has written anything yet
        } catch (Exception e) {
            throw ZooKeeperIo.failure("list " + base.root(), e);
        }
        return ids;
    }

    /**
     * Deletes the nodes and the files of cluster {@code clusterId}.
     *
     * @return what was deleted, for a line of output; null when there was nothing
     */
    public String delete(String clusterId) throws IOException {
        Configuration clusterConfig = new Configuration(config);
        clusterConfig.set(HighAvailabilityOptions.CLUSTER_ID, clusterId);
        ZooKeeperHaConfig cluster = ZooKeeperHaConfig.from(clusterConfig, clusterId);
        ZooKeeperPaths paths = new ZooKeeperPaths(cluster.root(), cluster.clusterId());
        HaStorage storage = HaStorage.open(cluster);
        boolean nodes;
        try {
            nodes = client.checkExists().forPath(paths.cluster()) != null;
        } catch (Exception e) {
            throw ZooKeeperIo.failure("look at " + paths.cluster(), e);
        }
        if (!nodes && !storage.clusterDirExists()) {
            return null;
        }
        ZooKeeperIo.deleteRecursively(client, paths.cluster());
        storage.deleteClusterData();
        storage.deleteJobResultStoreIfEmpty();
        return paths.cluster() + " in ZooKeeper and " + storage.clusterDir();
    }

    @Override
    public void close() {
        client.close();
    }
}
