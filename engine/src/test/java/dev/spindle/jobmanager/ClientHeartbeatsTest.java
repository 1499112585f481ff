package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.runtime.local.LocalTaskDeployer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The attached client's lease, on a manual clock. */
class ClientHeartbeatsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ClientHeartbeats heartbeats = new ClientHeartbeats(now::get);
    private final JobId job = JobId.generate();

    @Test
    void theFirstDeadlineCountsFromTheLeasesStart() {
        ClientHeartbeats.Lease lease = heartbeats.lease(job, Duration.ofSeconds(4), 1_000);
        now.set(4_999);
        assertEquals(3_999, lease.silentMillis());
        assertFalse(lease.isExpired());
        now.set(5_000);
        assertTrue(lease.isExpired());
        assertEquals(4_000, lease.timeoutMillis());
    }

    @Test
    void eachHeartbeatRenewsTheLease() {
        ClientHeartbeats.Lease lease = heartbeats.lease(job, Duration.ofSeconds(4), 1_000);
        for (int i = 0; i < 5; i++) {
            now.addAndGet(3_000);
            heartbeats.record(job);
            assertFalse(lease.isExpired());
        }
        assertEquals(OptionalLong.of(16_000), heartbeats.lastHeartbeatMillis(job));
        now.addAndGet(3_999);
        assertFalse(lease.isExpired());
        now.addAndGet(1);
        assertTrue(lease.isExpired());
        assertEquals(4_000, lease.silentMillis());
    }

    @Test
    void anotherJobsHeartbeatsDoNotCount() {
        ClientHeartbeats.Lease lease = heartbeats.lease(job, Duration.ofSeconds(4), 1_000);
        now.set(4_000);
        heartbeats.record(JobId.generate());
        now.set(5_000);
        assertTrue(lease.isExpired());
        assertEquals(OptionalLong.empty(), heartbeats.lastHeartbeatMillis(job));
    }

    @Test
    void aHeartbeatBeforeTheLeaseStartedDoesNotExtendItBackwards() {
        now.set(500);
        heartbeats.record(job);
        ClientHeartbeats.Lease lease = heartbeats.lease(job, Duration.ofSeconds(4), 1_000);
        now.set(4_999);
        assertFalse(lease.isExpired());
        assertEquals(3_999, lease.silentMillis());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> heartbeats.lease(job, Duration.ZERO, 0));
    }

    @Test
    void theDispatcherRecordsHeartbeatsOfKnownJobsOnly() throws Exception {
        Dispatcher dispatcher = new Dispatcher(
                new Configuration(), new LocalTaskDeployer(), ClientHeartbeatsTest.class.getClassLoader(), List::of);
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> dispatcher.recordClientHeartbeat(job).get());
        assertTrue(e.getCause() instanceof UnknownJobException, e::toString);
        assertEquals(OptionalLong.empty(), dispatcher.clientHeartbeats().lastHeartbeatMillis(job));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10).addSink(v -> {});
        JobGraph graph = env.getJobGraph("heard from");
        dispatcher.submitJob(graph, List.of()).get();
        dispatcher.recordClientHeartbeat(graph.jobId()).get();
        assertTrue(
                dispatcher.clientHeartbeats().lastHeartbeatMillis(graph.jobId()).isPresent());
        dispatcher.jobResult(graph.jobId()).get(20, TimeUnit.SECONDS);
        // A finished job's client may still beat until it has seen the result.
        dispatcher.recordClientHeartbeat(graph.jobId()).get();
    }
}
