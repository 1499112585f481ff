package dev.spindle.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.LeaderContender;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrievalListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** What the ZooKeeper HA tests share: configurations, recording contenders and listeners, session expiry. */
final class HaTestSupport {
    /** Bound of every wait: long enough for a loaded machine, short enough to fail a hung test. */
    static final long WAIT_SECONDS = 60;

    private HaTestSupport() {}

    static Configuration config(TestingServer server, String clusterId, Path storageDir) {
        Configuration config = new Configuration();
        config.set(HighAvailabilityOptions.TYPE, "zookeeper");
        config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, server.getConnectString());
        config.set(HighAvailabilityOptions.STORAGE_DIR, storageDir.toUri().toString());
        config.set(HighAvailabilityOptions.CLUSTER_ID, clusterId);
        config.set(HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT, Duration.ofSeconds(30));
        config.set(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT, Duration.ofSeconds(15));
        config.set(HighAvailabilityOptions.ZOOKEEPER_RETRY_WAIT, Duration.ofMillis(100));
        return config;
    }

    static ZooKeeperHaServices start(Configuration config, String participant) throws Exception {
        return ZooKeeperHaServices.start(ZooKeeperHaConfig.from(config, "unused"), participant);
    }

    /** Waits until {@code condition} holds, polling; fails with {@code what} after {@link #WAIT_SECONDS}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, condition);
    }

    /** {@link #await(String, BooleanSupplier)} with a description made when it fails. */
    static void await(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting until " + what.get());
            Thread.sleep(20);
        }
    }

    /**
     * Ends {@code client}'s ZooKeeper session on the server, as its expiry would: another handle
     * joins the session and closes it. The server deletes the session's ephemeral nodes; the client
     * learns of the expiry when it reconnects.
     */
    static void expireSession(CuratorFramework client, String connectString) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper intruder = new ZooKeeper(
                connectString,
                30_000,
                event -> {
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        connected.countDown();
                    }
                },
                zk.getSessionId(),
                zk.getSessionPasswd());
        try {
            assertTrue(connected.await(WAIT_SECONDS, TimeUnit.SECONDS), "joining the session");
        } finally {
            intruder.close();
        }
    }

    /** A contender that records what the election tells it. */
    static final class RecordingContender implements LeaderContender {
        /** A session id for a grant, {@link #REVOKED} for a revocation. */
        static final UUID REVOKED = new UUID(-1, -1);

        final BlockingQueue<UUID> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        @Override
        public void grantLeadership(UUID sessionId) {
            events.add(sessionId);
        }

        @Override
        public void revokeLeadership() {
            events.add(REVOKED);
        }

        @Override
        public void handleError(Throwable error) {
            errors.add(error);
        }

        /** The next event, which must be a grant; its session id. */
        UUID awaitGrant() throws InterruptedException {
            UUID event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(event, "no grant");
            assertTrue(!REVOKED.equals(event), "a revocation instead of a grant");
            return event;
        }

        /** The next event, which must be a revocation. */
        void awaitRevocation() throws InterruptedException {
            assertEquals(REVOKED, events.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no revocation");
        }
    }

    /** A retrieval listener that records the leaders it hears of. */
    static final class RecordingListener implements LeaderRetrievalListener {
        /** Stands for null in {@link #history}. */
        static final LeaderInformation NO_LEADER = new LeaderInformation(new UUID(0, 0), "none", null);

        private volatile LeaderInformation leader;
        /** Every notification, in order (null included). */
        final List<LeaderInformation> history = new CopyOnWriteArrayList<>();

        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        @Override
        public void notifyLeaderAddress(LeaderInformation leaderOrNull) {
            leader = leaderOrNull;
            history.add(leaderOrNull == null ? NO_LEADER : leaderOrNull);
        }

        @Override
        public void handleError(Throwable error) {
            errors.add(error);
        }

        void awaitLeader(LeaderInformation expected) throws InterruptedException {
            await(
                    () -> "the retrieval sees " + expected + " (it saw " + history + ")",
                    () -> Objects.equals(leader, expected));
        }
    }
}
