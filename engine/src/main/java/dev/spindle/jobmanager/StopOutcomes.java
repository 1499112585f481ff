package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which stops-with-savepoint of a dispatcher's jobs have had their outcome (the savepoint's path)
 * served to the client that asked: a cluster that ends with its job waits for that, so that the
 * client gets the path rather than a cluster that is gone. Thread-safe.
 */
final class StopOutcomes {
    private final Map<JobId, CompletableFuture<Void>> served = new ConcurrentHashMap<>();

    /** A stop of the job was asked for: its outcome is now awaited. */
    void stopRequested(JobId jobId) {
        served.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** A client was served the completed outcome of a savepoint operation of the job. */
    void outcomeServed(JobId jobId) {
        CompletableFuture<Void> f = served.get(jobId);
        if (f != null) {
            f.complete(null);
        }
    }

    /** See {@link Dispatcher#awaitStopOutcomesServed}. */
    boolean awaitAll(long maxMillis) throws InterruptedException {
        List<CompletableFuture<Void>> pending = List.copyOf(served.values());
        if (pending.isEmpty()) {
            return true;
        }
        try {
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
                    .get(maxMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the futures never fail", e);
        }
    }
}
