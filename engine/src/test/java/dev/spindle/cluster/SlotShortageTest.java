package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.resourcemanager.TestingResourceDriver;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.security.ClusterSecret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs that cannot get their slots, on a JobManager whose driver starts TaskManagers that never
 * register (processes that hang before registering): the job says what it waits for while it waits,
 * fails after {@code slot.request.timeout} naming it and the slots, and a job beyond
 * {@code slotmanager.number-of-slots.max} fails at once.
 */
class SlotShortageTest {
    private final TestingResourceDriver driver = new TestingResourceDriver();
    private JobManagerRunner jobManager;

    @AfterEach
    void stop() {
        if (jobManager != null) {
            jobManager.close();
        }
    }

    private void start(Configuration config) throws Exception {
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
        jobManager = JobManagerRunner.start(config, ClusterSecret.generate(), address -> driver, "127.0.0.1");
    }

    private static JobGraph job(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.fromSequence(1, 10).addSink(v -> {});
        return env.getJobGraph("wide");
    }

    @Test
    void aJobThatGetsNoSlotsInTimeFailsNamingTheTimeoutAndTheSlots() throws Exception {
        Configuration config = new Configuration();
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(2));
        start(config);
        JobGraph graph = job(3);

        jobManager.dispatcher().submitJob(graph, List.of()).get();
        String waiting = "waiting for 3 slots: 0 free of 0 in 0 TaskManagers, 0 TaskManagers pending, 3 starting";
        // Pending at the driver at first, for a moment; starting once the driver has started them.
        JobDetails details = awaitDetails(graph, d -> waiting.equals(d.pendingResources()));
        assertEquals(JobStatus.CREATED, details.status());
        JobResultInfo result = awaitResult(graph, 15_000);

        assertEquals(JobStatus.FAILED, result.status());
        String firstLine = result.failure().lines().findFirst().orElseThrow();
        assertEquals(
                "java.util.concurrent.TimeoutException: could not get 3 slots within slot.request.timeout (2000 ms); "
                        + "it was " + waiting,
                firstLine);
        assertNull(jobManager.dispatcher().requestJob(graph.jobId()).get().pendingResources());
        assertEquals(3, driver.requested.size());
    }

    @Test
    void aJobBeyondTheCapFailsAtOnceNamingTheOption() throws Exception {
        Configuration config = new Configuration();
        config.set(ClusterOptions.MAX_SLOTS, 4);
        start(config); // slot.request.timeout stays 300 s: the failure must not wait for it
        JobGraph graph = job(6);

        long start = System.nanoTime();
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        JobResultInfo result = awaitResult(graph, 10_000);

        assertEquals(JobStatus.FAILED, result.status());
        assertEquals(
                "java.lang.IllegalStateException: 6 slots wanted, but slotmanager.number-of-slots.max = 4 caps the "
                        + "cluster; lower the parallelism or raise slotmanager.number-of-slots.max",
                result.failure().lines().findFirst().orElseThrow());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertEquals(List.of(), driver.requested, "no TaskManager is started for it");
    }

    /** A job cancelled while it waits withdraws its request: the next job is not counted on top of it. */
    @Test
    void aJobCancelledWhileItWaitsForSlotsWithdrawsItsRequest() throws Exception {
        start(new Configuration());
        JobGraph first = job(3);
        jobManager.dispatcher().submitJob(first, List.of()).get();
        String waiting = "waiting for 3 slots: 0 free of 0 in 0 TaskManagers, 0 TaskManagers pending, 3 starting";
        awaitDetails(first, d -> waiting.equals(d.pendingResources()));

        jobManager.dispatcher().cancelJob(first.jobId()).get();
        assertEquals(JobStatus.CANCELED, awaitResult(first, 5_000).status());
        JobGraph second = job(3);
        jobManager.dispatcher().submitJob(second, List.of()).get();

        awaitDetails(second, d -> waiting.equals(d.pendingResources()));
        assertEquals(3, driver.requested.size(), "the 3 TaskManagers starting serve the second job; none more");
    }

    private JobDetails awaitDetails(JobGraph g, java.util.function.Predicate<JobDetails> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        JobDetails d;
        while (!condition.test(d = jobManager.dispatcher().requestJob(g.jobId()).get())) {
            assertTrue(System.currentTimeMillis() < deadline, "job details still " + d);
            Thread.sleep(20);
        }
        return d;
    }

    private JobResultInfo awaitResult(JobGraph g, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JobResultInfo r;
        while (!(r = jobManager.dispatcher().requestJobResult(g.jobId()).get())
                .status()
                .isTerminal()) {
            assertTrue(System.currentTimeMillis() < deadline, "job still " + r.status());
            Thread.sleep(20);
        }
        return r;
    }
}
