package dev.spindle.ha.zookeeper;

import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.LeaderRetrievalListener;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the leader node (a Curator cache of that one node) and the connection: the listener hears
 * the confirmed leader, and null while the node is missing or the connection is suspended or lost
 * (an address that may be stale is no address).
 *
 * <p>Threading: cache and connection events are handled on one thread of this retrieval, so the
 * listener is called one call at a time, and only when the answer changed.
 */
final class ZooKeeperLeaderRetrieval implements LeaderRetrieval {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderRetrieval.class);

    private final CuratorFramework client;
    private final String path;
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "zookeeper-leader-retrieval");
        t.setDaemon(true);
        return t;
    });
    private final ConnectionStateListener connectionListener = this::connectionChanged;
    private CuratorCache cache; // guarded by this
    private LeaderRetrievalListener listener; // set once in start
    // the following are confined to the events thread
    private boolean connected = true;
    private boolean notified;
    private LeaderInformation last;

    ZooKeeperLeaderRetrieval(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
    }

    @Override
    public synchronized void start(LeaderRetrievalListener newListener) {
        if (cache != null) {
            throw new IllegalStateException("the retrieval has started already");
        }
        listener = Objects.requireNonNull(newListener, "listener");
        cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forAll((type, before, after) -> refresh())
                                .forInitialized(this::refresh)
                                .build(),
                        events);
        client.getConnectionStateListenable().addListener(connectionListener, events);
        cache.start();
    }

    private void connectionChanged(CuratorFramework c, ConnectionState state) {
        connected = state.isConnected();
        refresh();
    }

    private void refresh() {
        CuratorCache c = cache();
        if (c == null) {
            return; // closed
        }
        LeaderInformation leader = null;
        if (connected) {
            Optional<ChildData> node = c.get(path);
            if (node.isPresent()) {
                try {
                    leader = LeaderInformation.fromBytes(node.get().getData());
                } catch (IOException e) {
                    LOG.warn("The leader node {} is unreadable: {}", path, e.getMessage());
                }
            }
        }
        if (!notified || !Objects.equals(leader, last)) {
            notified = true;
            last = leader;
            try {
                listener.notifyLeaderAddress(leader);
            } catch (RuntimeException e) {
                listener.handleError(e);
            }
        }
    }

    private synchronized CuratorCache cache() {
        return cache;
    }

    @Override
    public void close() {
        CuratorCache c;
        synchronized (this) {
            c = cache;
            cache = null;
        }
        if (c != null) {
            client.getConnectionStateListenable().removeListener(connectionListener);
            c.close();
        }
        events.shutdownNow();
    }
}
