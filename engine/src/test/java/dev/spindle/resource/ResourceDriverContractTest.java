package dev.spindle.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.MemorySize;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceDriver} must do, run against each implementation (local processes
 * here; YARN containers in yarn-am). Subclasses create the driver and say how to tell whether a
 * worker runs and how to kill one behind the driver's back.
 */
public abstract class ResourceDriverContractTest {
    protected static final WorkerSpec SMALL = new WorkerSpec(1, MemorySize.ofMebiBytes(128), 1);

    private final LinkedBlockingQueue<String> terminated = new LinkedBlockingQueue<>();
    private final ExecutorService mainThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "rm-main"));
    protected ResourceDriver driver;

    protected abstract ResourceDriver createDriver() throws Exception;

    /** Whether the worker's process or container is running. */
    protected abstract boolean isRunning(WorkerId worker) throws Exception;

    /** Kills the worker as a crash or an operator would, not through the driver. */
    protected abstract void killExternally(WorkerId worker) throws Exception;

    @BeforeEach
    void start() throws Exception {
        driver = createDriver();
        driver.initialize(
                new ResourceEventHandler() {
                    @Override
                    public void onWorkerTerminated(WorkerId worker, String diagnostics) {
                        assertTrue(
                                Thread.currentThread().getName().equals("rm-main"), "events arrive on the main thread");
                        terminated.add(worker + ": " + diagnostics);
                    }

                    @Override
                    public void onError(Throwable error) {
                        terminated.add("error: " + error);
                    }
                },
                mainThread);
    }

    @AfterEach
    void stop() throws Exception {
        mainThread
                .submit(() -> {
                    driver.terminate();
                    return null;
                })
                .get(30, TimeUnit.SECONDS);
        mainThread.shutdownNow();
    }

    private WorkerId request(WorkerSpec spec) throws Exception {
        return mainThread.submit(() -> driver.requestWorker(spec)).get().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aRequestedWorkerRunsAndAReleasedOneStopsQuietly() throws Exception {
        WorkerId a = request(SMALL);
        WorkerId b = request(SMALL);
        assertNotEquals(a, b);
        assertTrue(isRunning(a) && isRunning(b));
        mainThread.submit(() -> driver.releaseWorker(a)).get();
        waitUntil(() -> !isRunning(a));
        assertTrue(isRunning(b), "releasing one worker leaves the other");
        Thread.sleep(300);
        assertEquals(List.of(), List.copyOf(terminated), "a released worker is not reported as terminated");
    }

    @Test
    void aWorkerKilledBehindTheDriversBackIsReported() throws Exception {
        WorkerId a = request(SMALL);
        killExternally(a);
        String event = terminated.poll(30, TimeUnit.SECONDS);
        assertTrue(event != null && event.startsWith(a + ": "), "expected a termination of " + a + ", got " + event);
    }

    @Test
    void terminateStopsEveryWorker() throws Exception {
        WorkerId a = request(SMALL);
        WorkerId b = request(SMALL);
        mainThread
                .submit(() -> {
                    driver.terminate();
                    return null;
                })
                .get(30, TimeUnit.SECONDS);
        assertTrue(!isRunning(a) && !isRunning(b));
    }

    /**
     * The cluster's end: deregister (from a thread other than the main thread, as a shutdown path
     * calls it), then terminate; no worker outlives it, and none is reported as terminated.
     */
    @Test
    void afterDeregisterAndTerminateNoWorkerRuns() throws Exception {
        WorkerId a = request(SMALL);
        driver.deregister(ApplicationStatus.SUCCEEDED, "the cluster ends");
        mainThread
                .submit(() -> {
                    driver.terminate();
                    return null;
                })
                .get(30, TimeUnit.SECONDS);
        waitUntil(() -> !isRunning(a));
        assertEquals(
                List.of(), List.copyOf(terminated), "workers ended with the cluster are not reported as terminated");
    }

    private static void waitUntil(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }
}
