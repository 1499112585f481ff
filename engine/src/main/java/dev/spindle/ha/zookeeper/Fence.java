package dev.spindle.ha.zookeeper;

import dev.spindle.ha.LeadershipLostException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

/**
 * Writes that only the leader may make. Each runs in one ZooKeeper transaction together with a check
 * that this process's election node still exists: the node goes when the session expires or a newer
 * participant removes it, and only then can another participant lead, so a deposed leader's write
 * fails atomically instead of overwriting the new leader's data. Before that, the local leadership
 * is checked, so that a leader that was merely revoked (connection suspended) fails fast too.
 */
final class Fence {
    /** Attempts of a write that races with another writer of the same node (created or deleted meanwhile). */
    private static final int RACE_ATTEMPTS = 5;

    private final CuratorFramework client;
    /** The path of this process's election node while it leads, else null. */
    private final Supplier<String> electionNode;

    private final String participant;

    Fence(CuratorFramework client, Supplier<String> electionNode, String participant) {
        this.client = client;
        this.electionNode = electionNode;
        this.participant = participant;
    }

    /** Creates {@code path} (parents as needed, unfenced: empty parents are harmless) or replaces its data. */
    void write(String what, String path, byte[] data) throws IOException {
        ZooKeeperIo.ensureParent(client, path);
        for (int attempt = 1; ; attempt++) {
            boolean exists = ZooKeeperIo.exists(client, path, what);
            CuratorOp op = exists
                    ? op(() -> client.transactionOp().setData().forPath(path, data))
                    : op(() -> client.transactionOp()
                            .create()
                            .withMode(CreateMode.PERSISTENT)
                            .forPath(path, data));
            try {
                commit(what, List.of(op));
                return;
            } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException race) {
                if (attempt == RACE_ATTEMPTS) {
                    throw ZooKeeperIo.failure(what, race);
                }
            }
        }
    }

    /** Deletes {@code path} if it exists (idempotent); fenced either way. */
    void delete(String what, String path) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<CuratorOp> ops = ZooKeeperIo.exists(client, path, what)
                    ? List.of(op(() -> client.transactionOp().delete().forPath(path)))
                    : List.of();
            try {
                commit(what, ops);
                return;
            } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException race) {
                if (attempt == RACE_ATTEMPTS) {
                    throw ZooKeeperIo.failure(what, race);
                }
            }
        }
    }

    /**
     * Commits {@code ops} with the election node check first.
     *
     * @throws LeadershipLostException if this process does not lead
     * @throws KeeperException.NoNodeException if one of {@code ops} found no node (a race to retry)
     * @throws KeeperException.NodeExistsException if one of {@code ops} created an existing node
     */
    void commit(String what, List<CuratorOp> ops)
            throws IOException, KeeperException.NoNodeException, KeeperException.NodeExistsException {
        String node = electionNode.get();
        if (node == null) {
            throw lost(what, "it does not lead");
        }
        List<CuratorOp> all = new ArrayList<>(ops.size() + 1);
        all.add(op(() -> client.transactionOp().check().forPath(node)));
        all.addAll(ops);
        try {
            client.transaction().forOperations(all);
        } catch (KeeperException e) {
            List<OpResult> results = e.getResults();
            if (results != null
                    && !results.isEmpty()
                    && results.get(0) instanceof OpResult.ErrorResult first
                    && first.getErr() != KeeperException.Code.OK.intValue()) {
                throw lost(
                        what,
                        "its election node " + node + " is gone (session expired, or removed by a newer "
                                + "participant)");
            }
            if (e instanceof KeeperException.NoNodeException noNode) {
                throw noNode;
            }
            if (e instanceof KeeperException.NodeExistsException exists) {
                throw exists;
            }
            throw ZooKeeperIo.failure(what, e);
        } catch (Exception e) {
            throw ZooKeeperIo.failure(what, e);
        }
    }

    private LeadershipLostException lost(String what, String why) {
        return new LeadershipLostException(
                "Refused to " + what + ": this JobManager (" + participant + ") is no longer the leader, " + why + ".");
    }

    private static CuratorOp op(ZooKeeperIo.Call<CuratorOp> call) throws IOException {
        try {
            return call.run();
        } catch (Exception e) {
            throw ZooKeeperIo.failure("prepare a ZooKeeper transaction", e);
        }
    }
}
