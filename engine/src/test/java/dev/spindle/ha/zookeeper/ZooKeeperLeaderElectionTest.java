package dev.spindle.ha.zookeeper;

import static dev.spindle.ha.zookeeper.HaTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.ha.CheckpointPointerStore;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.LeadershipLostException;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingContender;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Leader election, retrieval and fencing on one real ZooKeeper server; each test is a cluster of its own. */
class ZooKeeperLeaderElectionTest {
    @RegisterExtension
    static final ZooKeeperTestServer zooKeeper = new ZooKeeperTestServer();

    @TempDir
    Path storage;

    private Configuration config(TestInfo test) {
        return zooKeeper.config(test, storage);
    }

    @Test
    void theNextContenderLeadsWithANewSessionIdWhenTheLeaderLeaves(TestInfo test) throws Exception {
        Configuration config = config(test);
        try (ZooKeeperHaServices a = start(config, "a");
                ZooKeeperHaServices b = start(config, "b");
                ZooKeeperHaServices observer = start(config, "observer");
                LeaderRetrieval retrieval = observer.leaderRetrieval()) {
            RecordingListener listener = new RecordingListener();
            retrieval.start(listener);
            listener.awaitLeader(null);

            RecordingContender contenderA = new RecordingContender();
            a.leaderElection().start(contenderA);
            UUID sessionA = contenderA.awaitGrant();
            RecordingContender contenderB = new RecordingContender();
            b.leaderElection().start(contenderB);
            assertTrue(a.leaderElection().hasLeadership(sessionA));
            LeaderInformation infoA = new LeaderInformation(sessionA, "host-a:6123", "http://host-a:8081");
            a.leaderElection().confirmLeadership(sessionA, infoA);
            listener.awaitLeader(infoA);

            a.leaderElection().close();
            contenderA.awaitRevocation();
            UUID sessionB = contenderB.awaitGrant();
            assertNotEquals(sessionA, sessionB);
            assertFalse(a.leaderElection().hasLeadership(sessionA));
            assertTrue(b.leaderElection().hasLeadership(sessionB));
            // a late confirmation of the revoked leadership publishes nothing
            a.leaderElection().confirmLeadership(sessionA, infoA);
            LeaderInformation infoB = new LeaderInformation(sessionB, "host-b:6123", null);
            b.leaderElection().confirmLeadership(sessionB, infoB);
            listener.awaitLeader(infoB);

            List<LeaderInformation> seen = listener.history;
            assertEquals(List.of(infoB), seen.subList(seen.indexOf(infoB), seen.size()), "no stale leader after B");
            assertTrue(seen.indexOf(infoA) < seen.indexOf(infoB), seen.toString());
            assertTrue(contenderA.errors.isEmpty() && contenderB.errors.isEmpty());
        }
    }

    @Test
    void aDeposedLeaderWhoseSessionExpiredCannotWriteAndTheNewLeaderCan(TestInfo test) throws Exception {
        Configuration config = config(test);
        JobId job = JobId.generate();
        try (ZooKeeperHaServices a = start(config, "a");
                ZooKeeperHaServices b = start(config, "b")) {
            RecordingContender contenderA = new RecordingContender();
            a.leaderElection().start(contenderA);
            contenderA.awaitGrant();
            RecordingContender contenderB = new RecordingContender();
            b.leaderElection().start(contenderB);
            CheckpointPointerStore pointersA = a.checkpointPointerStore(job);
            pointersA.add(1, "hdfs:///checkpoints/chk-1");

            HaTestSupport.expireSession(a.client(), zooKeeper.server().getConnectString());
            UUID sessionB = contenderB.awaitGrant();
            contenderA.awaitRevocation();

            LeadershipLostException refused =
                    assertThrows(LeadershipLostException.class, () -> pointersA.add(2, "hdfs:///checkpoints/chk-2"));
            assertTrue(
                    refused.getMessage()
                            .startsWith(
                                    "Refused to record checkpoint 2: this JobManager (a) is no " + "longer the leader"),
                    refused.getMessage());
            assertThrows(LeadershipLostException.class, () -> pointersA.remove(1));
            b.checkpointPointerStore(job).add(2, "hdfs:///checkpoints/chk-2");
            assertEquals(
                    Map.of(1L, "hdfs:///checkpoints/chk-1", 2L, "hdfs:///checkpoints/chk-2"),
                    a.checkpointPointerStore(job).all());
            assertTrue(b.leaderElection().hasLeadership(sessionB));
        }
    }

    @Test
    void removingAStaleParticipantHandsOverAtOnceAndFencesIt(TestInfo test) throws Exception {
        Configuration config = config(test);
        JobId job = JobId.generate();
        try (ZooKeeperHaServices attempt1 = start(config, "appattempt_1_0001_000001");
                ZooKeeperHaServices attempt2 = start(config, "appattempt_1_0001_000002")) {
            RecordingContender first = new RecordingContender();
            attempt1.leaderElection().start(first);
            UUID session1 = first.awaitGrant();
            RecordingContender second = new RecordingContender();
            attempt2.leaderElection().start(second);

            // attempt 1 lives on (its session does not expire): only the removal hands over
            int removed = attempt2.leaderElection().removeParticipants(id -> id.endsWith("_000001"));
            assertEquals(1, removed);
            UUID session2 = second.awaitGrant();
            assertNotEquals(session1, session2);

            // attempt 1 has not noticed yet: ZooKeeper's check of its election node refuses the write
            assertTrue(attempt1.leaderElection().hasLeadership(session1));
            LeadershipLostException refused = assertThrows(
                    LeadershipLostException.class,
                    () -> attempt1.checkpointPointerStore(job).add(7, "chk-7"));
            assertTrue(refused.getMessage().contains("election node"), refused.getMessage());
            attempt2.checkpointPointerStore(job).add(7, "chk-7");
            assertEquals(
                    Map.of(7L, "chk-7"), attempt2.checkpointPointerStore(job).all());
            assertEquals(0, attempt2.leaderElection().removeParticipants(id -> true), "its own node stays");
        }
    }
}
