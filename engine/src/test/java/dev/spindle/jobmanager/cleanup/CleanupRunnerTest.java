package dev.spindle.jobmanager.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import dev.spindle.util.CapturedWarnings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupRunnerTest {
    private static final JobId JOB = new JobId(0xabL, 0xcdL);

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);

    {
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A step that fails its first {@code failures} tries with "boom <n>", then succeeds; counts its tries. */
    static CleanupStep failing(String name, int failures, AtomicInteger tries) {
        return CleanupStep.of(name, () -> {
            int attempt = tries.incrementAndGet();
            if (attempt <= failures) {
                throw new IOException("boom " + attempt);
            }
        });
    }

    static Throwable failureOf(CompletableFuture<Void> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the cleanup succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the cleanup did not end within 10 s", e);
        }
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(2);
        }
    }

    @Test
    void aStepThatFailsTwiceIsTriedThreeTimesAndEachFailureLoggedOnce() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (CapturedWarnings warnings = new CapturedWarnings(CleanupRunner.class);
                CleanupRunner runner =
                        new CleanupRunner(new RetryStrategy.FixedDelay(10, Duration.ofMillis(1)), executor)) {
            runner.run(JOB, List.of(failing("checkpoints", 2, tries))).get(10, TimeUnit.SECONDS);
            assertEquals(3, tries.get());
            assertEquals(
                    List.of(
                            "Cleanup of job 00000000000000ab00000000000000cd: step 'checkpoints' failed (attempt 1 of "
                                    + "10): boom 1; trying again in 1 ms",
                            "Cleanup of job 00000000000000ab00000000000000cd: step 'checkpoints' failed (attempt 2 of "
                                    + "10): boom 2; trying again in 1 ms"),
                    warnings.lines());
        }
    }

    @Test
    void aStepThatNeverSucceedsIsTriedExactlyTheAttemptsAndNamed() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger otherTries = new AtomicInteger();
        try (CapturedWarnings warnings = new CapturedWarnings(CleanupRunner.class);
                CleanupRunner runner =
                        new CleanupRunner(new RetryStrategy.FixedDelay(3, Duration.ofMillis(1)), executor)) {
            CompletableFuture<Void> cleanup = runner.run(
                    JOB,
                    List.of(failing("staging directory", Integer.MAX_VALUE, tries), failing("jars", 0, otherTries)));
            CleanupException e = assertInstanceOf(CleanupException.class, failureOf(cleanup));
            assertEquals(3, tries.get());
            assertEquals(1, otherTries.get(), "the other step is independent: it succeeded on its first try");
            assertEquals(List.of("staging directory"), e.failedSteps());
            assertEquals(JOB, e.jobId());
            assertEquals(
                    "The cleanup of job 00000000000000ab00000000000000cd did not finish: the step 'staging directory' "
                            + "failed all 3 tries (last error of 'staging directory': boom 3)",
                    e.getMessage());
            assertEquals("boom 3", e.getSuppressed()[0].getMessage());
            assertEquals(
                    "Cleanup of job 00000000000000ab00000000000000cd: step 'staging directory' failed (attempt 3 of "
                            + "3): boom 3; giving up",
                    warnings.lines().get(2));
            assertEquals(3, warnings.lines().size());
        }
    }

    @Test
    void withoutRetriesEveryFailedStepIsNamed() throws Exception {
        try (CleanupRunner runner = new CleanupRunner(new RetryStrategy.NoRetry(), executor)) {
            CleanupException e = assertInstanceOf(
                    CleanupException.class,
                    failureOf(runner.run(
                            JOB,
                            List.of(
                                    failing("a", 1, new AtomicInteger()),
                                    failing("b", 0, new AtomicInteger()),
                                    failing("c", 1, new AtomicInteger())))));
            assertEquals(List.of("a", "c"), e.failedSteps());
            assertEquals(
                    "The cleanup of job 00000000000000ab00000000000000cd did not finish: the steps 'a', 'c' failed "
                            + "(the cleanup strategy allows one try) (last error of 'a': boom 1)",
                    e.getMessage());
        }
    }

    @Test
    void noStepsIsDoneAtOnce() throws Exception {
        try (CleanupRunner runner = new CleanupRunner(new RetryStrategy.NoRetry(), executor)) {
            assertNull(runner.run(JOB, List.of()).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingCancelsThePendingRetriesAndFailsTheRun() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        CleanupRunner runner = new CleanupRunner(new RetryStrategy.FixedDelay(5, Duration.ofHours(1)), executor);
        CompletableFuture<Void> cleanup = runner.run(JOB, List.of(failing("checkpoints", 5, tries)));
        awaitTrue(() -> tries.get() == 1 && executor.getQueue().size() == 1);
        runner.close();
        assertInstanceOf(CancellationException.class, failureOf(cleanup));
        assertEquals(0, executor.getQueue().size(), "the retry in an hour is cancelled");
        assertEquals(1, tries.get());
        assertInstanceOf(CancellationException.class, failureOf(runner.run(JOB, List.of(failing("jars", 0, tries)))));
        assertEquals(1, tries.get(), "a closed runner runs no step");
    }

    @Test
    void closingARunnerWithItsOwnThreadStopsTheThread() throws Exception {
        long before = cleanupThreads();
        AtomicInteger tries = new AtomicInteger();
        CleanupRunner runner = CleanupRunner.withOwnThread(new RetryStrategy.FixedDelay(5, Duration.ofHours(1)));
        CompletableFuture<Void> cleanup = runner.run(JOB, List.of(failing("checkpoints", 5, tries)));
        awaitTrue(() -> tries.get() == 1);
        assertEquals(before + 1, cleanupThreads());
        runner.close();
        assertInstanceOf(CancellationException.class, failureOf(cleanup));
        assertEquals(before, cleanupThreads());
    }

    /** The live threads of runners with their own thread (other tests' runners included, if any leaked). */
    private static long cleanupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("spindle-cleanup") && t.isAlive())
                .count();
    }
}
