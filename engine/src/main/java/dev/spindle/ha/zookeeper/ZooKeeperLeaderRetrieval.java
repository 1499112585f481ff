package dev.spindle.ha.zookeeper;

import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.LeaderRetrievalListener;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the leader node and the connection: the listener hears the confirmed leader, and null
 * while the node is missing or the connection is suspended or lost (an address that may be stale is
 * no address). With {@code tolerate-suspended-connections} a suspended connection keeps the last
 * leader, as it keeps the leader's own leadership: a short interruption then disturbs neither, and
 * only a lost session (or a new leader, read on reconnection) changes the answer.
 *
 * <p>The node is read afresh after every change event and every reconnection, with a one-time
 * watch set by each read. (Curator's CuratorCache, on persistent watches, misses a node replaced
 * while this client was disconnected: the new leader usually reconnects and publishes first.)
 *
 * <p>Threading: reads and notifications run on one thread of this retrieval, so the listener is
 * called one call at a time, and only when the answer changed.
 */
final class ZooKeeperLeaderRetrieval implements LeaderRetrieval {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderRetrieval.class);

    private final WatcherRemoveCuratorFramework client;
    private final String path;
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "zookeeper-leader-retrieval");
        t.setDaemon(true);
        return t;
    });
    private final ConnectionStateListener connectionListener = this::connectionChanged;
    /** Node events only: connection events (type None) come through {@link #connectionListener}. */
    private final Watcher watcher = event -> {
        if (event.getType() != Watcher.Event.EventType.None) {
            submit(this::read);
        }
    };

    private final boolean tolerateSuspended;
    private LeaderRetrievalListener listener; // set once in start, before any event
    private volatile boolean closed;
    // confined to the events thread
    private boolean notified;
    private LeaderInformation last;

    ZooKeeperLeaderRetrieval(CuratorFramework client, String path, boolean tolerateSuspended) {
        this.client = client.newWatcherRemoveCuratorFramework();
        this.path = path;
        this.tolerateSuspended = tolerateSuspended;
    }

    @Override
    public synchronized void start(LeaderRetrievalListener newListener) {
        if (listener != null) {
            throw new IllegalStateException("the retrieval has started already");
        }
        listener = Objects.requireNonNull(newListener, "listener");
        client.getConnectionStateListenable().addListener(connectionListener, events);
        submit(this::read);
    }

    private void submit(Runnable task) {
        if (!closed) {
            try {
                events.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void connectionChanged(CuratorFramework c, ConnectionState state) {
        if (state.isConnected()) {
            read();
        } else if (state != ConnectionState.SUSPENDED || !tolerateSuspended) {
            tell(null);
        }
    }

    /** Reads the node and watches it again. */
    private void read() {
        if (closed) {
            return;
        }
        LeaderInformation leader = null;
        try {
            if (client.checkExists().usingWatcher(watcher).forPath(path) != null) {
                leader = LeaderInformation.fromBytes(client.getData().forPath(path));
            }
        } catch (KeeperException.NoNodeException deletedMeanwhile) {
            // the watch set above reports the deletion
        } catch (IOException e) {
            LOG.warn("The leader node {} is unreadable: {}", path, e.getMessage());
        } catch (Exception e) {
            // connection trouble: the reconnection reads again
            LOG.debug("Cannot read the leader node {}: {}", path, e.toString());
        }
        tell(leader);
    }

    private void tell(LeaderInformation leader) {
        if (closed || (notified && Objects.equals(leader, last))) {
            return;
        }
        notified = true;
        last = leader;
        try {
            listener.notifyLeaderAddress(leader);
        } catch (RuntimeException e) {
            listener.handleError(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        client.getConnectionStateListenable().removeListener(connectionListener);
        client.removeWatchers();
        events.shutdownNow();
    }
}
