package dev.spindle.network;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The result partitions produced in this JVM, by id, so that local consumers can find them.
 * Consumers may ask before the producer has registered (tasks start in any order) and wait.
 *
 * <p>A partition that is released is remembered as released until its job is forgotten
 * ({@link #forgetJob}): a job that fails or is cancelled releases its partitions while some of its
 * producers may not have registered yet and some consumers may not have asked yet. Such a consumer
 * fails at once instead of waiting for a producer that will never come, and such a producer's
 * late registration fails too. A waiting consumer is also woken when it is abandoned (its task is
 * cancelled, its remote requester went away): see {@link #await(PartitionId, BooleanSupplier)}.
 *
 * <p>Thread-safe; waiters wait on this object's monitor.
 */
public final class LocalPartitionRegistry {
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final Map<PartitionId, ResultPartition> partitions = new HashMap<>();
    private final Set<PartitionId> released = new HashSet<>();

    /**
     * Makes {@code partition} available to its consumers.
     *
     * @throws PartitionReleasedException if it was released before it was registered (its job is
     *     ending); the partition is released too
     */
    public void register(ResultPartition partition) {
        synchronized (this) {
            if (!released.contains(partition.id())) {
                if (partitions.putIfAbsent(partition.id(), partition) != null) {
                    throw new IllegalStateException("partition " + partition.id() + " registered twice");
                }
                notifyAll();
                return;
            }
        }
        partition.release();
        throw new PartitionReleasedException("partition " + partition.id() + " was released before it was produced");
    }

    /** The partition, waiting up to a minute for its producer to register it. */
    public ResultPartition await(PartitionId id) throws IOException, InterruptedException {
        return await(id, () -> false);
    }

    /**
     * The partition, waiting up to a minute for its producer to register it, or until it is
     * released or {@code abandoned} says true. Whoever makes {@code abandoned} true must then call
     * {@link #wakeWaiters} so that the waiter looks again.
     *
     * @throws PartitionReleasedException if the partition was released (before or while waiting)
     * @throws CancelledWaitException if the wait was abandoned
     */
    public synchronized ResultPartition await(PartitionId id, BooleanSupplier abandoned)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            if (released.contains(id)) {
                throw new PartitionReleasedException("partition " + id + " released");
            }
            ResultPartition p = partitions.get(id);
            if (p != null) {
                if (p.isReleased()) {
                    throw new PartitionReleasedException("partition " + id + " released");
                }
                return p;
            }
            if (abandoned.getAsBoolean()) {
                throw new CancelledWaitException("stopped waiting for partition " + id + ": cancelled");
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("partition " + id + " was not produced within " + WAIT_MILLIS + " ms");
            }
            wait(left);
        }
    }

    /** Makes every waiter check again whether it was abandoned. */
    public synchronized void wakeWaiters() {
        notifyAll();
    }

    /**
     * Releases and forgets the partition if present, and remembers it as released either way: a
     * consumer that asks for it later fails at once and a producer that registers it later fails.
     */
    public void release(PartitionId id) {
        ResultPartition p;
        synchronized (this) {
            p = partitions.remove(id);
            released.add(id);
            notifyAll();
        }
        if (p != null) {
            p.release();
        }
    }

    /** Forgets the released partitions of a job none of whose tasks runs here any more. */
    public synchronized void forgetJob(JobId jobId) {
        released.removeIf(id -> id.jobId().equals(jobId));
    }
}
