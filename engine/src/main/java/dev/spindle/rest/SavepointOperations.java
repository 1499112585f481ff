package dev.spindle.rest;

import dev.spindle.core.JobId;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The savepoint operations the REST endpoint started, by job and trigger id, so that clients can
 * ask how each one ended. An operation is kept while it runs and for {@code retention} after it
 * completed (then a client that has not asked is told the id is unknown), and at most
 * {@code capacity} of them are kept: when full, the completed ones that were kept longest go first,
 * and when every kept one still runs, a new one is refused (429) rather than forgetting a running one.
 *
 * <p>Thread-safe: operations are added on event loops and completed on the dispatcher's thread.
 */
final class SavepointOperations {
    /** How a kept operation stands: not complete yet, or with its path or its failure. */
    record Outcome(boolean done, String location, Throwable failure) {}

    private record Key(JobId jobId, String triggerId) {}

    private static final class Operation {
        final CompletableFuture<String> savepoint;
        volatile long completedAtMillis = -1;

        Operation(CompletableFuture<String> savepoint) {
            this.savepoint = savepoint;
        }
    }

    private final int capacity;
    private final long retentionMillis;
    private final LongSupplier clock;
    private final Map<Key, Operation> operations = new LinkedHashMap<>();

    /**
     * @param capacity how many operations are kept at most
     * @param retention how long a completed one is kept
     * @param clock milliseconds, for the retention
     */
    SavepointOperations(int capacity, Duration retention, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.retentionMillis = retention.toMillis();
        this.clock = clock;
    }

    /**
     * Starts the operation with {@code trigger} and keeps it under the job and trigger id, unless one
     * is kept under them already (a retried request): then nothing is started. A kept operation's
     * completion starts its retention.
     *
     * @return whether {@code trigger} was called
     * @throws RestException 429 when {@code capacity} operations are running (nothing is started)
     */
    synchronized boolean startIfAbsent(JobId jobId, String triggerId, Supplier<CompletableFuture<String>> trigger)
            throws RestException {
        expire();
        Key key = new Key(jobId, triggerId);
        if (operations.containsKey(key)) {
            return false;
        }
        if (operations.size() >= capacity && !dropOldestCompleted()) {
            throw new RestException(
                    HttpResponseStatus.TOO_MANY_REQUESTS,
                    capacity + " savepoint operations are in progress; wait until one of them has completed");
        }
        // The trigger only hands the request to the dispatcher's thread: cheap enough under the lock.
        Operation operation = new Operation(trigger.get());
        operations.put(key, operation);
        operation.savepoint.whenComplete((path, failure) -> operation.completedAtMillis = clock.getAsLong());
        return true;
    }

    /** The operation's outcome; empty when it is unknown (never started here, or forgotten). */
    synchronized Optional<Outcome> outcome(JobId jobId, String triggerId) {
        expire();
        Operation operation = operations.get(new Key(jobId, triggerId));
        if (operation == null) {
            return Optional.empty();
        }
        CompletableFuture<String> f = operation.savepoint;
        if (!f.isDone()) {
            return Optional.of(new Outcome(false, null, null));
        }
        try {
            return Optional.of(new Outcome(true, f.join(), null));
        } catch (RuntimeException e) {
            return Optional.of(new Outcome(true, null, RestErrors.unwrap(e)));
        }
    }

    synchronized int size() {
        return operations.size();
    }

    private void expire() {
        long now = clock.getAsLong();
        operations.values().removeIf(o -> o.completedAtMillis >= 0 && now - o.completedAtMillis >= retentionMillis);
    }

    private boolean dropOldestCompleted() {
        Operation oldest = null;
        for (Operation o : operations.values()) {
            if (o.completedAtMillis >= 0 && (oldest == null || o.completedAtMillis < oldest.completedAtMillis)) {
                oldest = o;
            }
        }
        if (oldest == null) {
            return false;
        }
        for (Iterator<Operation> it = operations.values().iterator(); it.hasNext(); ) {
            if (it.next() == oldest) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
