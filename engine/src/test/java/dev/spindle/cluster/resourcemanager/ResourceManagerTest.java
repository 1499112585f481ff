package dev.spindle.cluster.resourcemanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskDeployment;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.JobId;
import dev.spindle.resource.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resource manager's worker bookkeeping: the slot minimum, idle release and failed starts. */
class ResourceManagerTest {
    private ResourceManager rm;

    @AfterEach
    void close() {
        if (rm != null) {
            rm.close();
        }
    }

    @Test
    void closingStopsTheWorkersUnlessTheyAreKeptForTheNextIncarnation() throws Exception {
        TestingResourceDriver stopped = new TestingResourceDriver();
        new ResourceManager(
                        config(), stopped, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {})
                .close();
        assertEquals("terminate", stopped.terminatedBy);

        TestingResourceDriver kept = new TestingResourceDriver();
        new ResourceManager(config(), kept, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {})
                .closeKeepingWorkers();
        assertEquals("keeping workers", kept.terminatedBy);
    }

    /** High availability: a TaskManager that lets go of a deposed leader runs on for the next one. */
    @Test
    void aResourceManagerThatNoLongerLeadsNeitherStopsNorStartsWorkers() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 1);
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        waitUntil(() -> driver.requested.size() == 1);
        WorkerId worker = driver.requested.get(0);
        register(worker.value(), 1);
        java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean(false);
        rm.setLeadershipCheck(leading::get);

        driver.terminate(worker, "lets go of the JobManager");
        waitUntil(() -> taskManagerCount() == 0);
        Thread.sleep(200); // several ticks of the resource manager
        assertEquals(List.of(), driver.released, "not stopped");
        assertEquals(List.of(worker), driver.requested, "no replacement for the minimum");
    }

    private int taskManagerCount() {
        try {
            return rm.taskManagers().get(5, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startsWorkersForTheMinimumOfSlotsAndKeepsThemWhenIdle() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.TASK_SLOTS, 2);
        config.set(ClusterOptions.MIN_SLOTS, 3);
        config.set(ClusterOptions.TASK_MANAGER_TIMEOUT, Duration.ofMillis(100));
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});

        assertEquals(2, driver.requested.size(), "3 slots of 2 per worker need 2 workers");
        register(driver.requested.get(0).value(), 2);
        register(driver.requested.get(1).value(), 2);
        Thread.sleep(400); // several idle timeouts

        assertEquals(List.of(), driver.released, "the minimum is kept although the workers are idle");
        assertEquals(2, rm.taskManagers().get(5, TimeUnit.SECONDS).size());
    }

    /** As a YARN AM does: the driver comes once the JobManager runs, and serves what waited for it. */
    @Test
    void aDriverGivenLaterServesTheSlotRequestsThatWaitedForIt() throws Exception {
        rm = new ResourceManager(
                config(), null, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 1, 10_000);
        TestingResourceDriver driver = new TestingResourceDriver();

        rm.startDriver(driver);

        assertEquals(1, driver.requested.size(), "the waiting request asks the new driver for a worker");
        register(driver.requested.get(0).value(), 1);
        assertEquals(1, slots.get(5, TimeUnit.SECONDS).size());
        assertThrows(IllegalStateException.class, () -> rm.startDriver(new TestingResourceDriver()), "one driver only");
    }

    @Test
    void releasesIdleWorkersAboveTheMinimum() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 1);
        config.set(ClusterOptions.TASK_MANAGER_TIMEOUT, Duration.ofMillis(100));
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        register(driver.requested.get(0).value(), 1);
        Object job = new Object();

        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(job, 2, 10_000);
        waitUntil(() -> driver.requested.size() == 2);
        register(driver.requested.get(1).value(), 1);
        assertEquals(2, slots.get(5, TimeUnit.SECONDS).size());
        rm.release(job);

        waitUntil(() -> driver.released.size() == 1);
        Thread.sleep(300);
        assertEquals(1, driver.released.size(), "one worker stays for the minimum");
        assertEquals(1, rm.taskManagers().get(5, TimeUnit.SECONDS).size());
    }

    @Test
    void workersThatDieBeforeRegisteringAreReplacedUntilTheFailureRateThenWaitingJobsFail() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.START_WORKER_MAX_FAILURE_RATE, 3);
        config.set(ClusterOptions.START_WORKER_RETRY_INTERVAL, Duration.ofMillis(500));
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});

        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 1, 60_000);
        for (int i = 0; i < 4; i++) {
            int n = i + 1;
            waitUntil(() -> driver.requested.size() == n);
            driver.terminate(driver.requested.get(i), "exit code 1 (attempt " + n + ")");
        }

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> slots.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        String message = failure.getCause().getMessage();
        assertTrue(
                message.contains("TaskManagers fail to start (4 in the last minute") && message.contains("attempt 4"),
                message);
        assertEquals(4, driver.requested.size(), "no start during the pause");

        CompletableFuture<List<ResourceManager.Slot>> later = rm.allocate(new Object(), 1, 60_000);
        Thread.sleep(200);
        assertEquals(4, driver.requested.size(), "still pausing");
        waitUntil(() -> driver.requested.size() == 5);
        register(driver.requested.get(4).value(), 1);
        assertEquals(1, later.get(5, TimeUnit.SECONDS).size(), "after the pause a healthy worker serves the job");
    }

    /** A new YARN attempt: the containers of the previous one are awaited, not replaced; a silent one is released. */
    @Test
    void workersOfThePreviousAttemptAreAwaitedAndOneThatNeverRegistersIsReleased() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        driver.previousWorkers = List.of(new WorkerId("old-1"), new WorkerId("old-2"));
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 2);
        config.set(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT, Duration.ofMillis(500));
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});

        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 1, 10_000);
        register("old-1", 1);
        assertEquals(1, slots.get(5, TimeUnit.SECONDS).size(), "a kept worker serves the job");
        Thread.sleep(100);
        assertEquals(List.of(), driver.requested, "no new worker while the kept ones are awaited");

        waitUntil(() -> driver.released.contains(new WorkerId("old-2")));
        waitUntil(() -> driver.requested.size() == 1);
        assertEquals(List.of(new WorkerId("old-2")), driver.released, "only the silent one is released");
        register(driver.requested.get(0).value(), 1);
        assertEquals(2, rm.taskManagers().get(5, TimeUnit.SECONDS).size(), "the minimum is met again");
    }

    /** slotmanager.number-of-slots.max: never a worker beyond it; a request beyond it waits for released slots. */
    @Test
    void startsNoWorkerBeyondTheCapAndSaysSoWhileARequestWaits() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.TASK_SLOTS, 2);
        config.set(ClusterOptions.MAX_SLOTS, 5);
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        Object first = new Object();
        CompletableFuture<List<ResourceManager.Slot>> firstSlots = rm.allocate(first, 4, 60_000);
        waitUntil(() -> driver.requested.size() == 2);
        register("w1", 2);
        register("w2", 2);
        assertEquals(4, firstSlots.get(5, TimeUnit.SECONDS).size());

        Object second = new Object();
        CompletableFuture<List<ResourceManager.Slot>> secondSlots = rm.allocate(second, 1, 60_000);
        waitUntil(() -> rm.pendingResources(second) != null);

        assertEquals(
                "waiting for 1 slot: 0 free of 4 in 2 TaskManagers, 0 TaskManagers pending, 0 starting; "
                        + "the cluster is at slotmanager.number-of-slots.max = 5: waiting for other jobs to release slots",
                rm.pendingResources(second));
        assertEquals(
                List.of(new WorkerId("w1"), new WorkerId("w2")),
                driver.requested,
                "a third worker of 2 slots would make 6 slots, beyond the cap of 5");
        rm.release(first);
        assertEquals(1, secondSlots.get(5, TimeUnit.SECONDS).size());
        waitUntil(() -> rm.pendingResources(second) == null);
        assertEquals(2, driver.requested.size());
    }

    @Test
    void aRequestForMoreSlotsThanTheCapAllowsFailsAtOnce() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        Configuration config = config();
        config.set(ClusterOptions.TASK_SLOTS, 2);
        config.set(ClusterOptions.MAX_SLOTS, 5);
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});

        ExecutionException six = assertThrows(
                ExecutionException.class,
                () -> rm.allocate(new Object(), 6, 300_000).get(5, TimeUnit.SECONDS));
        ExecutionException five = assertThrows(
                ExecutionException.class,
                () -> rm.allocate(new Object(), 5, 300_000).get(5, TimeUnit.SECONDS));

        assertEquals(
                "6 slots wanted, but slotmanager.number-of-slots.max = 5 caps the cluster (whole TaskManagers "
                        + "of 2 slots: at most 4); lower the parallelism or raise slotmanager.number-of-slots.max",
                six.getCause().getMessage());
        assertEquals(
                "5 slots wanted, but slotmanager.number-of-slots.max = 5 caps the cluster (whole TaskManagers "
                        + "of 2 slots: at most 4); lower the parallelism or raise slotmanager.number-of-slots.max",
                five.getCause().getMessage());
        assertEquals(List.of(), driver.requested, "nothing is started for a request that can never be served");
    }

    @Test
    void theMinimumMustNotExceedTheMaximum() {
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 6);
        config.set(ClusterOptions.MAX_SLOTS, 4);

        IllegalConfigurationException e = assertThrows(
                IllegalConfigurationException.class,
                () -> new ResourceManager(
                        config,
                        new TestingResourceDriver(),
                        r -> CompletableFuture.completedFuture(new IdleGateway()),
                        (id, why) -> {}));

        assertEquals(
                "slotmanager.number-of-slots.min (6) must not exceed slotmanager.number-of-slots.max (4)",
                e.getMessage());
    }

    /** What a waiting request waits for follows the workers: pending at the driver, starting, registered. */
    @Test
    void aWaitingRequestSaysWhatItWaitsFor() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        driver.holdStarts = true;
        rm = new ResourceManager(
                config(), driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        Object job = new Object();

        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(job, 3, 60_000);
        waitUntil(() -> rm.pendingResources(job) != null);
        assertEquals(
                "waiting for 3 slots: 0 free of 0 in 0 TaskManagers, 3 TaskManagers pending, 0 starting",
                rm.pendingResources(job));

        driver.holdStarts = false;
        Object other = new Object();
        rm.allocate(other, 1, 60_000);
        waitUntil(() -> rm.pendingResources(other) != null);
        register("w4", 1);
        String expected = "waiting for 3 slots: 0 free of 1 in 1 TaskManager, 3 TaskManagers pending, 0 starting";
        waitUntil(() -> expected.equals(rm.pendingResources(job)));
        assertEquals(null, rm.pendingResources(other), "served at once by the TaskManager that registered");
        assertTrue(!slots.isDone());
    }

    @Test
    void releasingAWaitingRequestWithdrawsIt() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        rm = new ResourceManager(
                config(), driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        Object job = new Object();
        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(job, 2, 300_000);
        waitUntil(() -> rm.pendingResources(job) != null);

        rm.release(job);

        ExecutionException e = assertThrows(ExecutionException.class, () -> slots.get(5, TimeUnit.SECONDS));
        assertEquals(
                "the slot request was withdrawn while it waited", e.getCause().getMessage());
        assertEquals(null, rm.pendingResources(job));
    }

    /** A job cancelled while its workers are still requested: the requests are withdrawn, newest first, down to the minimum. */
    @Test
    void requestsForWorkersNoJobNeedsAnyMoreAreWithdrawnBeforeTheyStart() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        driver.holdStarts = true;
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 1);
        rm = new ResourceManager(
                config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        Object job = new Object();
        rm.allocate(job, 3, 300_000);
        waitUntil(() -> driver.requested.size() == 3);

        rm.release(job);

        waitUntil(() -> driver.withdrawn.size() == 2);
        Object next = new Object();
        rm.allocate(next, 2, 300_000);
        waitUntil(() -> driver.requested.size() == 4);
        assertEquals(
                List.of(new WorkerId("w3"), new WorkerId("w2")),
                driver.withdrawn,
                "the minimum's worker stays requested");
        assertEquals(
                "waiting for 2 slots: 0 free of 0 in 0 TaskManagers, 2 TaskManagers pending, 0 starting",
                rm.pendingResources(next),
                "the withdrawn requests no longer count as pending");
    }

    /** A slot request that timed out no longer keeps its workers requested. */
    @Test
    void theWorkersOfATimedOutRequestAreWithdrawn() throws Exception {
        TestingResourceDriver driver = new TestingResourceDriver();
        driver.holdStarts = true;
        rm = new ResourceManager(
                config(), driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> {});
        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 2, 200);

        ExecutionException e = assertThrows(ExecutionException.class, () -> slots.get(5, TimeUnit.SECONDS));
        assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
        waitUntil(() -> driver.withdrawn.size() == 2);
        assertEquals(List.of(new WorkerId("w2"), new WorkerId("w1")), driver.withdrawn);
    }

    private static Configuration config() {
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(50));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(30));
        return config;
    }

    private void register(String id, int slots) throws Exception {
        RegistrationResponse r = rm.register(new TaskManagerRegistration(id, "127.0.0.1", 1, "127.0.0.1", 2, slots))
                .get(5, TimeUnit.SECONDS);
        assertTrue(r.accepted());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** A TaskManager that answers heartbeats and nothing else. */
    static final class IdleGateway implements TaskExecutorGateway {
        @Override
        public CompletableFuture<Void> submitTask(String token, TaskDeployment deployment) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> cancelJob(String token, JobId jobId, int attempt) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> triggerCheckpoint(
                String token,
                JobId jobId,
                int attempt,
                long checkpointId,
                long timestamp,
                dev.spindle.checkpoint.CheckpointOptions options) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> notifyCheckpointComplete(
                String token, JobId jobId, int attempt, long checkpointId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> releaseJob(String token, JobId jobId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Integer> heartbeat(String token, long sequence) {
            return CompletableFuture.completedFuture(0);
        }

        @Override
        public CompletableFuture<java.util.List<dev.spindle.metrics.dump.MetricDump>> requestMetrics(String token) {
            return CompletableFuture.completedFuture(java.util.List.of());
        }

        @Override
        public CompletableFuture<java.util.List<dev.spindle.ops.ThreadDumpEntry>> requestThreadDump(String token) {
            return CompletableFuture.completedFuture(java.util.List.of());
        }

        @Override
        public CompletableFuture<java.util.List<dev.spindle.ops.LogFileInfo>> requestLogList(String token) {
            return CompletableFuture.completedFuture(java.util.List.of());
        }

        @Override
        public CompletableFuture<byte[]> requestLogFile(String token, String name, long offset, int length) {
            return CompletableFuture.completedFuture(new byte[0]);
        }
    }
}
