package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.JobId;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
    void startsWorkersForTheMinimumOfSlotsAndKeepsThemWhenIdle() throws Exception {
        TestingDriver driver = new TestingDriver();
        Configuration config = config();
        config.set(ClusterOptions.TASK_SLOTS, 2);
        config.set(ClusterOptions.MIN_SLOTS, 3);
        config.set(ClusterOptions.TASK_MANAGER_TIMEOUT, Duration.ofMillis(100));
        rm = new ResourceManager(config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> { });

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
        rm = new ResourceManager(config(), null, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> { });
        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 1, 10_000);
        TestingDriver driver = new TestingDriver();

        rm.startDriver(driver);

        assertEquals(1, driver.requested.size(), "the waiting request asks the new driver for a worker");
        register(driver.requested.get(0).value(), 1);
        assertEquals(1, slots.get(5, TimeUnit.SECONDS).size());
        assertThrows(IllegalStateException.class, () -> rm.startDriver(new TestingDriver()), "one driver only");
    }

    @Test
    void releasesIdleWorkersAboveTheMinimum() throws Exception {
        TestingDriver driver = new TestingDriver();
        Configuration config = config();
        config.set(ClusterOptions.MIN_SLOTS, 1);
        config.set(ClusterOptions.TASK_MANAGER_TIMEOUT, Duration.ofMillis(100));
        rm = new ResourceManager(config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> { });
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
        TestingDriver driver = new TestingDriver();
        Configuration config = config();
        config.set(ClusterOptions.START_WORKER_MAX_FAILURE_RATE, 3);
        config.set(ClusterOptions.START_WORKER_RETRY_INTERVAL, Duration.ofMillis(500));
        rm = new ResourceManager(config, driver, r -> CompletableFuture.completedFuture(new IdleGateway()), (id, why) -> { });

        CompletableFuture<List<ResourceManager.Slot>> slots = rm.allocate(new Object(), 1, 60_000);
        for (int i = 0; i < 4; i++) {
            int n = i + 1;
            waitUntil(() -> driver.requested.size() == n);
            driver.terminate(driver.requested.get(i), "exit code 1 (attempt " + n + ")");
        }

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> slots.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        String message = failure.getCause().getMessage();
        assertTrue(message.contains("TaskManagers fail to start (4 in the last minute") && message.contains("attempt 4"),
                message);
        assertEquals(4, driver.requested.size(), "no start during the pause");

        CompletableFuture<List<ResourceManager.Slot>> later = rm.allocate(new Object(), 1, 60_000);
        Thread.sleep(200);
        assertEquals(4, driver.requested.size(), "still pausing");
        waitUntil(() -> driver.requested.size() == 5);
        register(driver.requested.get(4).value(), 1);
        assertEquals(1, later.get(5, TimeUnit.SECONDS).size(), "after the pause a healthy worker serves the job");
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

    /** Records requests and releases; tests report terminations through it. */
    private static final class TestingDriver implements ResourceDriver {
        final List<WorkerId> requested = new CopyOnWriteArrayList<>();
        final List<WorkerId> released = new CopyOnWriteArrayList<>();
        private volatile ResourceEventHandler handler;
        private volatile Executor mainThread;

        @Override
        public void initialize(ResourceEventHandler handler, Executor mainThread) {
            this.handler = handler;
            this.mainThread = mainThread;
        }

        @Override
        public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
            WorkerId id = new WorkerId("w" + (requested.size() + 1));
            requested.add(id);
            return CompletableFuture.completedFuture(id);
        }

        @Override
        public void releaseWorker(WorkerId worker) {
            released.add(worker);
        }

        @Override
        public void terminate() {
        }

        void terminate(WorkerId worker, String diagnostics) {
            mainThread.execute(() -> handler.onWorkerTerminated(worker, diagnostics));
        }
    }

    /** A TaskManager that answers heartbeats and nothing else. */
    private static final class IdleGateway implements TaskExecutorGateway {
        @Override
        public CompletableFuture<Void> submitTask(TaskDeployment deployment) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> cancelJob(JobId jobId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> releaseJob(JobId jobId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Integer> heartbeat(long sequence) {
            return CompletableFuture.completedFuture(0);
        }
    }
}
