package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The services of high-availability.type none: today's behaviour, in memory. */
class NoHighAvailabilityServicesTest {

    @Test
    void theOnlyJobManagerLeadsAtOnceAndItsRetrievalSeesWhatItConfirms() throws Exception {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (NoHighAvailabilityServices services = new NoHighAvailabilityServices("default")) {
            assertFalse(services.isEnabled());
            assertEquals("default", services.clusterId());
            services.leaderElection().start(new LeaderContender() {
                @Override
                public void grantLeadership(UUID sessionId) {
                    events.add(sessionId);
                }

                @Override
                public void revokeLeadership() {
                    events.add("revoked");
                }

                @Override
                public void handleError(Throwable error) {
                    events.add(error);
                }
            });
            assertEquals(LeaderElection.NO_HA_SESSION_ID, events.poll(30, TimeUnit.SECONDS));
            assertTrue(services.leaderElection().hasLeadership(LeaderElection.NO_HA_SESSION_ID));
            LeaderInformation info = new LeaderInformation(LeaderElection.NO_HA_SESSION_ID, "localhost:6123", null);
            services.leaderElection().confirmLeadership(LeaderElection.NO_HA_SESSION_ID, info);

            BlockingQueue<LeaderInformation> seen = new LinkedBlockingQueue<>();
            LeaderRetrieval retrieval = services.leaderRetrieval();
            retrieval.start(new LeaderRetrievalListener() {
                @Override
                public void notifyLeaderAddress(LeaderInformation leaderOrNull) {
                    seen.add(leaderOrNull);
                }

                @Override
                public void handleError(Throwable error) {}
            });
            assertEquals(info, seen.poll(30, TimeUnit.SECONDS));
            services.leaderElection().close();
            assertEquals("revoked", events.poll(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void jobsAreNotStoredAndCheckpointDataLivesInMemory() throws Exception {
        try (NoHighAvailabilityServices services = new NoHighAvailabilityServices("default")) {
            JobId job = JobId.generate();
            assertEquals(List.of(), List.copyOf(services.jobGraphStore().jobIds()));
            CheckpointIdCounter counter = services.checkpointIdCounter(job);
            assertEquals(1, counter.getAndIncrement());
            assertEquals(2, services.checkpointIdCounter(job).get());
            services.checkpointPointerStore(job).add(5, "chk-5");
            services.checkpointPointerStore(job).add(3, "chk-3");
            assertEquals(
                    Map.of(3L, "chk-3", 5L, "chk-5"),
                    services.checkpointPointerStore(job).all());
            assertEquals(
                    List.of(3L, 5L),
                    List.copyOf(services.checkpointPointerStore(job).all().keySet()));

            services.cleanupJobData(job);
            assertEquals(1, services.checkpointIdCounter(job).get());
            assertTrue(services.checkpointPointerStore(job).all().isEmpty());
        }
    }

    @Test
    void aFixedRetrievalTellsItsAddress() {
        LeaderInformation info = new LeaderInformation(LeaderElection.NO_HA_SESSION_ID, "jm:6123", "http://jm:8081");
        LeaderInformation[] seen = new LeaderInformation[1];
        try (FixedLeaderRetrieval retrieval = new FixedLeaderRetrieval(info)) {
            retrieval.start(new LeaderRetrievalListener() {
                @Override
                public void notifyLeaderAddress(LeaderInformation leaderOrNull) {
                    seen[0] = leaderOrNull;
                }

                @Override
                public void handleError(Throwable error) {}
            });
        }
        assertEquals(info, seen[0]);
    }
}
