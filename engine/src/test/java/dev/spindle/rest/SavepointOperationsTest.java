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
        assertTrue(operations.startIfAbsent(job, "a", () -> f));
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
    void aKeptTriggerIdStartsNothing() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        assertTrue(operations.startIfAbsent(job, "a", () -> first));
        assertFalse(operations.startIfAbsent(job, "a", () -> {
            throw new AssertionError("a retried trigger id must not trigger again");
        }));
        assertTrue(operations.startIfAbsent(JobId.generate(), "a", CompletableFuture::new), "ids belong to their job");
    }

    @Test
    void failuresAreKeptUnwrapped() throws Exception {
        SavepointException cause = new SavepointException("no savepoint directory");
        assertTrue(operations.startIfAbsent(
                job, "a", () -> CompletableFuture.<String>failedFuture(cause).thenApply(p -> p)));
        SavepointOperations.Outcome outcome = operations.outcome(job, "a").orElseThrow();
        assertTrue(outcome.done());
        assertEquals(cause, outcome.failure());
        assertFalse(operations.outcome(JobId.generate(), "a").isPresent());
    }

    @Test
    void whenFullTheOldestCompletedGoesAndRunningOnesAreNeverDropped() throws Exception {
        assertTrue(operations.startIfAbsent(job, "a", () -> CompletableFuture.completedFuture("file:/a")));
        now.addAndGet(10);
        assertTrue(operations.startIfAbsent(job, "b", () -> CompletableFuture.completedFuture("file:/b")));
        assertTrue(operations.startIfAbsent(job, "c", () -> new CompletableFuture<>()));
        assertFalse(operations.outcome(job, "a").isPresent());
        assertTrue(operations.outcome(job, "b").isPresent());
        assertTrue(operations.startIfAbsent(job, "d", () -> new CompletableFuture<>()));
        assertFalse(operations.outcome(job, "b").isPresent());

        RestException full =
                assertThrows(RestException.class, () -> operations.startIfAbsent(job, "e", CompletableFuture::new));
        assertEquals(429, full.status().code());
        assertEquals("2 savepoint operations are in progress; wait until one of them has completed", full.getMessage());
        assertTrue(operations.outcome(job, "c").isPresent());
        assertTrue(operations.outcome(job, "d").isPresent());
    }
}
