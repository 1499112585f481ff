package dev.spindle.ha.zookeeper;

import dev.spindle.core.JobId;
import dev.spindle.ha.CheckpointIdCounter;
import dev.spindle.ha.CheckpointPointerStore;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.JobGraphStore;
import dev.spindle.ha.LeaderElection;
import dev.spindle.ha.LeaderRetrieval;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * High availability on ZooKeeper through Curator: one client (one ZooKeeper session) per process,
 * nodes under {@code <path.root>/<cluster id>/} ({@link ZooKeeperPaths}), files under
 * {@code <storageDir>/<cluster id>/} ({@link HaStorage}).
 *
 * <p>Fenced writes (refused with {@link dev.spindle.ha.LeadershipLostException} unless this process
 * leads): {@link JobGraphStore#put}, {@link JobGraphStore#remove}, {@link CheckpointPointerStore#add},
 * {@link CheckpointPointerStore#remove}, {@link CheckpointPointerStore#removeAll}, the leader node,
 * hence {@link #cleanupJobData}. Not fenced: the checkpoint counter (see
 * {@link ZooKeeperCheckpointIdCounter}) and {@link #closeAndCleanupAllData}, which the last leader
 * calls after it has given up leadership.
 */
public final class ZooKeeperHaServices implements HighAvailabilityServices {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHaServices.class);

    private final ZooKeeperHaConfig config;
    private final CuratorFramework client;
    private final ZooKeeperPaths paths;
    private final HaStorage storage;
    private final ZooKeeperLeaderElection election;
    private final ZooKeeperJobGraphStore jobGraphs;
    private final List<LeaderRetrieval> retrievals = new CopyOnWriteArrayList<>();

    private ZooKeeperHaServices(
            ZooKeeperHaConfig config, CuratorFramework client, HaStorage storage, String participantId) {
        this.config = config;
        this.client = client;
        this.paths = new ZooKeeperPaths(config.root(), config.clusterId());
        this.storage = storage;
        this.election = new ZooKeeperLeaderElection(client, paths, participantId);
        this.jobGraphs = new ZooKeeperJobGraphStore(client, paths, election.fence(), storage);
    }

    /**
     * Connects to the quorum (at most the connection timeout) and opens the storage directory.
     *
     * @param participantId this process in the election (a YARN application attempt id, host:pid)
     * @throws dev.spindle.config.IllegalConfigurationException if the storage directory is unusable
     * @throws IOException if no ZooKeeper server answered within the connection timeout
     */
    public static ZooKeeperHaServices start(ZooKeeperHaConfig config, String participantId) throws IOException {
        HaStorage storage = HaStorage.open(config);
        CuratorFramework client = CuratorClients.connect(config);
        client.getConnectionStateListenable().addListener((c, state) -> logConnection(config, state));
        return new ZooKeeperHaServices(config, client, storage, participantId);
    }

    /** ZooKeeper's and Curator's own logs are quiet (conf/log4j.properties); what they mean is said here. */
    private static void logConnection(ZooKeeperHaConfig config, ConnectionState state) {
        switch (state) {
            case SUSPENDED ->
                LOG.warn(
                        "The connection to ZooKeeper at {} is interrupted; the session lives on for up to {} ms",
                        config.quorum(),
                        config.sessionTimeout().toMillis());
            case LOST -> LOG.warn("The ZooKeeper session at {} expired", config.quorum());
            case RECONNECTED -> LOG.info("Reconnected to ZooKeeper at {}", config.quorum());
            default -> LOG.debug("ZooKeeper connection {}", state);
        }
    }

    /** The client, for tests that break its session. */
    CuratorFramework client() {
        return client;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public String clusterId() {
        return config.clusterId();
    }

    @Override
    public LeaderElection leaderElection() {
        return election;
    }

    @Override
    public LeaderRetrieval leaderRetrieval() {
        ZooKeeperLeaderRetrieval retrieval =
                new ZooKeeperLeaderRetrieval(client, paths.leaderInfo(), config.tolerateSuspendedConnections());
        retrievals.add(retrieval);
        return retrieval;
    }

    @Override
    public JobGraphStore jobGraphStore() {
        return jobGraphs;
    }

    @Override
    public CheckpointIdCounter checkpointIdCounter(JobId jobId) {
        return new ZooKeeperCheckpointIdCounter(client, paths.counter(jobId));
    }

    @Override
    public CheckpointPointerStore checkpointPointerStore(JobId jobId) {
        return new ZooKeeperCheckpointPointerStore(client, paths.checkpoints(jobId), election.fence());
    }

    /** The graph first: it is fenced, so a deposed leader stops there before touching anything else. */
    @Override
    public void cleanupJobData(JobId jobId) throws IOException {
        jobGraphs.remove(jobId);
        checkpointPointerStore(jobId).removeAll();
        checkpointIdCounter(jobId).remove();
    }

    @Override
    public void closeAndCleanupAllData() throws Exception {
        election.close();
        closeRetrievals();
        IOException failure = null;
        try {
            ZooKeeperIo.deleteRecursively(client, paths.cluster());
        } catch (IOException e) {
            failure = e;
        } finally {
            client.close();
        }
        try {
            storage.deleteClusterData();
            storage.deleteJobResultStoreIfEmpty();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.info(
                "Deleted the HA data of cluster {}: {} in ZooKeeper and {}",
                config.clusterId(),
                paths.cluster(),
                storage.clusterDir());
    }

    @Override
    public void close() {
        election.close();
        closeRetrievals();
        client.close();
    }

    private void closeRetrievals() {
        retrievals.forEach(LeaderRetrieval::close);
        retrievals.clear();
    }
}
