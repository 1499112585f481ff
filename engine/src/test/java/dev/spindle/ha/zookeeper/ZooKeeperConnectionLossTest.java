package dev.spindle.ha.zookeeper;

import static dev.spindle.ha.zookeeper.HaTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.core.JobId;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingContender;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an interrupted connection does to leadership: a server of its own per test, stopped and restarted. */
class ZooKeeperConnectionLossTest {
    private TestingServer server;

    @TempDir
    Path storage;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anInterruptedConnectionRevokesAndTheReconnectedLeaderIsGrantedAgainUnderANewSessionId() throws Exception {
        Configuration config = HaTestSupport.config(server, "restart", storage);
        try (ZooKeeperHaServices leader = start(config, "leader");
                ZooKeeperHaServices observer = start(config, "observer");
                LeaderRetrieval retrieval = observer.leaderRetrieval()) {
            RecordingListener listener = new RecordingListener();
            retrieval.start(listener);
            RecordingContender contender = new RecordingContender();
            leader.leaderElection().start(contender);
            UUID first = contender.awaitGrant();
            LeaderInformation before = new LeaderInformation(first, "jm:6123", null);
            leader.leaderElection().confirmLeadership(first, before);
            listener.awaitLeader(before);

            server.stop();
            contender.awaitRevocation();
            listener.awaitLeader(null);
            server.restart();

            UUID second = contender.awaitGrant();
            assertNotEquals(first, second);
            LeaderInformation after = new LeaderInformation(second, "jm:6123", null);
            leader.leaderElection().confirmLeadership(second, after);
            listener.awaitLeader(after);
            assertTrue(contender.errors.isEmpty(), contender.errors.toString());
        }
    }

    @Test
    void aToleratedSuspensionKeepsLeadership() throws Exception {
        Configuration config = HaTestSupport.config(server, "tolerate", storage);
        config.set(HighAvailabilityOptions.ZOOKEEPER_TOLERATE_SUSPENDED_CONNECTIONS, true);
        JobId job = JobId.generate();
        try (ZooKeeperHaServices leader = start(config, "leader")) {
            BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
            leader.client().getConnectionStateListenable().addListener((c, state) -> states.add(state));
            RecordingContender contender = new RecordingContender();
            leader.leaderElection().start(contender);
            UUID session = contender.awaitGrant();

            server.stop();
            assertEquals(ConnectionState.SUSPENDED, nextChange(states));
            server.restart();
            assertEquals(ConnectionState.RECONNECTED, nextChange(states));

            // still the leader, for the election and for ZooKeeper's fence
            leader.checkpointPointerStore(job).add(3, "chk-3");
            assertEquals(Map.of(3L, "chk-3"), leader.checkpointPointerStore(job).all());
            assertTrue(leader.leaderElection().hasLeadership(session));
            assertTrue(contender.events.isEmpty(), "no revocation: " + contender.events);
        }
    }

    /** TaskManagers follow the option too: a suspension they tolerate does not take their leader away. */
    @Test
    void aToleratedSuspensionKeepsTheLeaderForItsFollowers() throws Exception {
        Configuration config = HaTestSupport.config(server, "tolerate-follower", storage);
        config.set(HighAvailabilityOptions.ZOOKEEPER_TOLERATE_SUSPENDED_CONNECTIONS, true);
        try (ZooKeeperHaServices leader = start(config, "leader");
                ZooKeeperHaServices follower = start(config, "follower");
                LeaderRetrieval retrieval = follower.leaderRetrieval()) {
            BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
            follower.client().getConnectionStateListenable().addListener((c, state) -> states.add(state));
            RecordingListener listener = new RecordingListener();
            retrieval.start(listener);
            RecordingContender contender = new RecordingContender();
            leader.leaderElection().start(contender);
            UUID session = contender.awaitGrant();
            LeaderInformation info = new LeaderInformation(session, "jm:6123", null);
            leader.leaderElection().confirmLeadership(session, info);
            listener.awaitLeader(info);

            server.stop();
            assertEquals(ConnectionState.SUSPENDED, nextChange(states));
            server.restart();
            assertEquals(ConnectionState.RECONNECTED, nextChange(states));
            // A new address after the outage: the retrieval reports in order, so a null it told for
            // the suspension would come before it.
            LeaderInformation moved = new LeaderInformation(session, "jm:6124", null);
            leader.leaderElection().confirmLeadership(session, moved);
            listener.awaitLeader(moved);

            List<LeaderInformation> history = listener.history;
            assertEquals(List.of(info, moved), history.subList(history.indexOf(info), history.size()));
        }
    }

    /**
     * The next connection state after the first connection's: a listener added to a client that has
     * just connected may still be told CONNECTED (Curator delivers state changes on its own thread).
     */
    private static ConnectionState nextChange(BlockingQueue<ConnectionState> states) throws InterruptedException {
        while (true) {
            ConnectionState state = states.poll(HaTestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            if (state != ConnectionState.CONNECTED) {
                return state;
            }
        }
    }
}
