package dev.spindle.ha.zookeeper;

import static dev.spindle.ha.zookeeper.HaTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spindle.config.Configuration;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingContender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A client's lookup of a cluster's leader, on a real ZooKeeper server with a real leader election. */
class ZooKeeperLeaderLookupTest {
    private static final Duration WAIT = Duration.ofSeconds(HaTestSupport.WAIT_SECONDS);

    @RegisterExtension
    static final ZooKeeperTestServer zooKeeper = new ZooKeeperTestServer();

    @TempDir
    Path storage;

    private Configuration config(TestInfo test) {
        return zooKeeper.config(test, storage);
    }

    @Test
    void aClusterWithoutJobManagersHasNoLeaderAndTheLookupDoesNotWaitForOne(TestInfo test) throws Exception {
        assertNull(ZooKeeperLeaderLookup.await(config(test), "unused", WAIT));
    }

    @Test
    void thePublishedLeaderIsFoundAndAnElectedOneNotYetServingIsAwaited(TestInfo test) throws Exception {
        Configuration config = config(test);
        try (ZooKeeperHaServices jobManager = start(config, "jm-1")) {
            RecordingContender contender = new RecordingContender();
            jobManager.leaderElection().start(contender);
            UUID session = contender.awaitGrant();
            // Elected, not serving yet (recovering its jobs): the lookup waits for the addresses.
            CompletableFuture<LeaderInformation> lookup = CompletableFuture.supplyAsync(() -> {
                try {
                    return ZooKeeperLeaderLookup.await(config, "unused", WAIT);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            LeaderInformation serving = new LeaderInformation(session, "jm-1:6123", "http://jm-1:8081");
            Thread.sleep(300); // the lookup polls meanwhile; it must not give up
            assertFalse(lookup.isDone(), "the lookup waits while a JobManager is elected but not serving");
            jobManager.leaderElection().confirmLeadership(session, serving);

            assertEquals(serving, lookup.get(HaTestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(serving, ZooKeeperLeaderLookup.await(config, "unused", WAIT), "found at once now");
        }
    }
}
