package dev.spindle.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer's wait for its producer's partition ends as soon as the wait is pointless: the
 * partition was released (its job is ending) before or while the consumer waited, or the consumer
 * was cancelled. The registry's own limit is a minute; the timeouts here are far below it.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LocalPartitionRegistryTest {
    private static final JobId JOB = JobId.generate();
    private final LocalPartitionRegistry registry = new LocalPartitionRegistry();

    private static ResultPartition partition(PartitionId id) {
        return new ResultPartition(id, 1, new BufferPool(4, 256));
    }

    /** Waits in another thread until it is inside {@code await}, so that the order of events is the one named. */
    private CompletableFuture<ResultPartition> waitingConsumer(PartitionId id, AtomicBoolean abandoned)
            throws Exception {
        Thread[] consumer = new Thread[1];
        CompletableFuture<ResultPartition> result = new CompletableFuture<>();
        consumer[0] = new Thread(
                () -> {
                    try {
                        result.complete(registry.await(id, abandoned::get));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "consumer of " + id);
        consumer[0].start();
        while (consumer[0].getState() != Thread.State.TIMED_WAITING && !result.isDone()) {
            Thread.sleep(1);
        }
        return result;
    }

    @Test
    void aConsumerThatAsksAfterItsPartitionWasReleasedFailsAtOnce() {
        PartitionId id = new PartitionId(JOB, 1, 0);
        registry.register(partition(id));
        registry.release(id);
        PartitionReleasedException e = assertThrows(PartitionReleasedException.class, () -> registry.await(id));
        assertEquals("partition " + id + " released", e.getMessage());
    }

    @Test
    void aConsumerWhoseProducerNeverRegisteredFailsOnceTheJobReleasesThePartition() throws Exception {
        // The producer failed before registering; the job's failure releases every partition of the job.
        PartitionId id = new PartitionId(JOB, 2, 3);
        registry.release(id);
        assertThrows(PartitionReleasedException.class, () -> registry.await(id));
    }

    @Test
    void aWaitingConsumerIsWokenWhenThePartitionItWaitsForIsReleasedUnproduced() throws Exception {
        PartitionId id = new PartitionId(JOB, 3, 0);
        CompletableFuture<ResultPartition> consumer = waitingConsumer(id, new AtomicBoolean());
        registry.release(id);
        ExecutionException e = assertThrows(ExecutionException.class, () -> consumer.get(5, TimeUnit.SECONDS));
        assertSame(PartitionReleasedException.class, e.getCause().getClass());
    }

    @Test
    void anAbandonedWaitEndsWhenTheWaitersAreWoken() throws Exception {
        PartitionId id = new PartitionId(JOB, 4, 0);
        AtomicBoolean abandoned = new AtomicBoolean();
        CompletableFuture<ResultPartition> consumer = waitingConsumer(id, abandoned);
        abandoned.set(true);
        registry.wakeWaiters();
        ExecutionException e = assertThrows(ExecutionException.class, () -> consumer.get(5, TimeUnit.SECONDS));
        assertSame(CancelledWaitException.class, e.getCause().getClass());
    }

    @Test
    void aProducerThatRegistersAfterItsPartitionWasReleasedFailsAndItsBuffersAreFreed() {
        PartitionId id = new PartitionId(JOB, 5, 1);
        registry.release(id);
        ResultPartition late = partition(id);
        assertThrows(PartitionReleasedException.class, () -> registry.register(late));
        assertTrue(late.isReleased());
        assertThrows(PartitionReleasedException.class, late::requestBuffer);
    }

    @Test
    void aForgottenJobsPartitionIdsCanBeUsedAgain() throws Exception {
        PartitionId id = new PartitionId(JOB, 6, 0);
        registry.release(id);
        registry.forgetJob(JOB);
        ResultPartition p = partition(id);
        registry.register(p);
        assertSame(p, registry.await(id));
    }

    @Test
    void aRegisteredPartitionIsHandedToItsWaitingConsumer() throws Exception {
        PartitionId id = new PartitionId(JOB, 7, 0);
        CompletableFuture<ResultPartition> consumer = waitingConsumer(id, new AtomicBoolean());
        ResultPartition p = partition(id);
        registry.register(p);
        assertSame(p, consumer.get(5, TimeUnit.SECONDS));
    }
}
