package dev.spindle.ha.zookeeper;

import dev.spindle.ha.LeaderContender;
import dev.spindle.ha.LeaderElection;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeadershipLostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's election on a Curator {@link LeaderLatch}: each participant holds an ephemeral
 * sequential node under {@code leader/latch} with its participant id as data; the lowest leads.
 * Curator revokes on SUSPENDED (unless the client's error policy tolerates it) and LOST, and checks
 * again on RECONNECTED, creating a new node if the session expired meanwhile.
 *
 * <p>Threading: grants and revocations run on one thread of this election, in the order Curator
 * reported them; confirmations are published on that thread too, so a confirmation never overtakes
 * the revocation of its leadership. {@link #current} is written on that thread only.
 */
final class ZooKeeperLeaderElection implements LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderElection.class);
    private static final int PUBLISH_ATTEMPTS = 5;

    private final CuratorFramework client;
    private final ZooKeeperPaths paths;
    private final String participantId;
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "zookeeper-leader-election");
        t.setDaemon(true);
        return t;
    });
    private final Fence fence;
    private LeaderLatch latch; // guarded by this; set once in start
    private LeaderContender contender; // set once in start, before any event
    private volatile UUID current;
    private volatile boolean closed;

    ZooKeeperLeaderElection(CuratorFramework client, ZooKeeperPaths paths, String participantId) {
        this.client = client;
        this.paths = paths;
        this.participantId = participantId;
        this.fence = new Fence(client, this::electionNodeWhileLeading, participantId);
    }

    /** The fence of the writes that only the leader may make. */
    Fence fence() {
        return fence;
    }

    @Override
    public synchronized void start(LeaderContender newContender) throws Exception {
        if (latch != null || closed) {
            throw new IllegalStateException(closed ? "the election is closed" : "the election has started already");
        }
        contender = Objects.requireNonNull(newContender, "contender");
        latch = new LeaderLatch(client, paths.latch(), participantId, LeaderLatch.CloseMode.SILENT);
        latch.addListener(
                new LeaderLatchListener() {
                    @Override
                    public void isLeader() {
                        onGranted();
                    }

                    @Override
                    public void notLeader() {
                        onRevoked();
                    }
                },
                events);
        latch.start();
    }

    private void onGranted() {
        LeaderLatch l = latch();
        if (closed || current != null || l == null || !l.hasLeadership()) {
            return; // a stale event: a revocation follows, or was handled
        }
        UUID session = UUID.randomUUID();
        current = session;
        LOG.info("{} leads cluster {} with session id {}", participantId, paths.clusterId(), session);
        try {
            contender.grantLeadership(session);
        } catch (RuntimeException e) {
            contender.handleError(e);
        }
    }

    private void onRevoked() {
        UUID session = current;
        if (session == null) {
            return;
        }
        current = null;
        LOG.info("{} no longer leads cluster {} (session id {})", participantId, paths.clusterId(), session);
        try {
            contender.revokeLeadership();
        } catch (RuntimeException e) {
            contender.handleError(e);
        }
    }

    @Override
    public void confirmLeadership(UUID sessionId, LeaderInformation info) {
        if (!info.sessionId().equals(sessionId)) {
            throw new IllegalArgumentException(
                    "the leader information of session " + info.sessionId() + " confirmed for session " + sessionId);
        }
        if (closed) {
            return;
        }
        submit(() -> {
            if (!hasLeadership(sessionId)) {
                LOG.debug("not publishing the leader address of the revoked session {}", sessionId);
                return;
            }
            try {
                publish(info);
            } catch (LeadershipLostException e) {
                LOG.info("{}: {}", participantId, e.getMessage()); // the revocation follows
            } catch (IOException | RuntimeException e) {
                contender.handleError(e);
            }
        });
    }

    private void submit(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closedMeanwhile) {
            // nothing to publish for a closed election
        }
    }

    /**
     * Replaces the leader node in one fenced transaction. The node is ephemeral and must belong to
     * this leader's session (a node left by a deposed leader would vanish with its session), hence
     * delete and create rather than an update.
     *
     * <p>A revocation does not delete the node: it goes with the leader's session (expired, or closed
     * with the services), and until then no other participant can lead, except one that removed this
     * participant's election node, and that one replaces it when it confirms. Deleting it on
     * revocation could not be made safe: a new node has the same version as the one it replaced, so
     * a late versioned delete could remove the next leader's node.
     */
    private void publish(LeaderInformation info) throws IOException {
        String path = paths.leaderInfo();
        String what = "publish the leader address " + info.rpcAddress();
        ZooKeeperIo.ensureParent(client, path);
        for (int attempt = 1; ; attempt++) {
            List<CuratorOp> ops = ZooKeeperIo.call(what, () -> {
                CuratorOp create = client.transactionOp()
                        .create()
                        .withMode(CreateMode.EPHEMERAL)
                        .forPath(path, info.toBytes());
                return client.checkExists().forPath(path) == null
                        ? List.of(create)
                        : List.of(client.transactionOp().delete().forPath(path), create);
            });
            try {
                fence.commit(what, ops);
                return;
            } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException race) {
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw ZooKeeperIo.failure(what, race);
                }
            }
        }
    }

    @Override
    public boolean hasLeadership(UUID sessionId) {
        LeaderLatch l = latch();
        return sessionId != null && sessionId.equals(current) && l != null && l.hasLeadership();
    }

    /** This process's election node while it leads; null when it does not (by its own knowledge). */
    private String electionNodeWhileLeading() {
        LeaderLatch l = latch();
        return current != null && l != null && l.hasLeadership() ? l.getOurPath() : null;
    }

    @Override
    public int removeParticipants(Predicate<String> isStale) throws Exception {
        LeaderLatch l = latch();
        String ours = l == null ? null : l.getOurPath();
        List<String> children;
        try {
            children = client.getChildren().forPath(paths.latch());
        } catch (KeeperException.NoNodeException e) {
            return 0;
        }
        int removed = 0;
        for (String child : children) {
            String path = ZKPaths.makePath(paths.latch(), child);
            byte[] data = ZooKeeperIo.dataOrNull(client, path, "read election node " + path);
            if (path.equals(ours) || data == null) {
                continue;
            }
            String id = new String(data, StandardCharsets.UTF_8);
            if (!id.equals(participantId) && isStale.test(id)) {
                try {
                    client.delete().forPath(path);
                    removed++;
                    LOG.info("{} removed the election node of stale participant {} ({})", participantId, id, path);
                } catch (KeeperException.NoNodeException gone) {
                    // its session ended meanwhile
                }
            }
        }
        return removed;
    }

    private synchronized LeaderLatch latch() {
        return latch;
    }

    @Override
    public void close() {
        LeaderLatch l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            l = latch;
        }
        if (l != null) {
            try {
                l.close(); // deletes our node, so that the next participant leads at once
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the leader latch: {}", e.toString());
            }
            events.execute(this::onRevoked);
        }
        events.shutdown();
        try {
            if (!events.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the leader contender of {} did not return within 10 s", participantId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
