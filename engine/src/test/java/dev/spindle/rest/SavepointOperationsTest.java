package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.SavepointException;
import dev.spindle.core.JobId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the endpoint keeps of its savepoint operations, and for how long. */
class SavepointOperationsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final SavepointOperations operations = new SavepointOperations(2, Duration.ofMinutes(5), now::get);
    private final JobId job = JobId.generate();

    @Test
    void runningOperationsAreKeptAndCompletedOnesForTheRetention() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        operations.add(job, "a", f);
        now.addAndGet(Duration.ofHours(1).toMillis());
        assertEquals(Optional.of(new SavepointOperations.Outcome(false, null, null)), operations.outcome(job, "a"));

        f.complete("file:/sp/savepoint-1");
        now.addAndGet(Duration.ofMinutes(5).toMillis() - 1);
        assertEquals(
                Optional.of(new SavepointOperations.Outcome(true, "file:/sp/savepoint-1", null)),
                operations.outcome(job, "a"));
        now.addAndGet(1);
        assertEquals(Optional.empty(), operations.outcome(job, "a"));
        assertEquals(0, operations.size());
    }

    @Test
    void failuresAreKeptUnwrapped() throws Exception {
        SavepointException cause = new SavepointException("no savepoint directory");
        operations.add(job, "a", CompletableFuture.<String>failedFuture(cause).thenApply(p -> p));
        SavepointOperations.Outcome outcome = operations.outcome(job, "a").orElseThrow();
        assertTrue(outcome.done());
        assertEquals(cause, outcome.failure());
        assertFalse(operations.contains(JobId.generate(), "a"));
    }

    @Test
    void whenFullTheOldestCompletedGoesAndRunningOnesAreNeverDropped() throws Exception {
        operations.add(job, "a", CompletableFuture.completedFuture("file:/a"));
        now.addAndGet(10);
        operations.add(job, "b", CompletableFuture.completedFuture("file:/b"));
        operations.add(job, "c", new CompletableFuture<>());
        assertFalse(operations.contains(job, "a"));
        assertTrue(operations.contains(job, "b"));
        operations.add(job, "d", new CompletableFuture<>());
        assertFalse(operations.contains(job, "b"));

        RestException full =
                assertThrows(RestException.class, () -> operations.add(job, "e", new CompletableFuture<>()));
        assertEquals(429, full.status().code());
        assertEquals("2 savepoint operations are in progress; wait until one of them has completed", full.getMessage());
        assertTrue(operations.contains(job, "c"));
        assertTrue(operations.contains(job, "d"));
    }
}
