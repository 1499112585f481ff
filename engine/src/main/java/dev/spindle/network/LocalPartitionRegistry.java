package dev.spindle.network;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The result partitions produced in this JVM, by id, so that local consumers can find them.
 * Consumers may ask before the producer has registered (tasks start in any order) and wait.
 */
public final class LocalPartitionRegistry {
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final Map<PartitionId, ResultPartition> partitions = new HashMap<>();

    public synchronized void register(ResultPartition partition) {
        if (partitions.putIfAbsent(partition.id(), partition) != null) {
            throw new IllegalStateException("partition " + partition.id() + " registered twice");
        }
        notifyAll();
    }

    /** The partition, waiting up to a minute for its producer to register it. */
    public synchronized ResultPartition await(PartitionId id) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        ResultPartition p;
        while ((p = partitions.get(id)) == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("partition " + id + " was not produced within " + WAIT_MILLIS + " ms");
            }
            wait(left);
        }
        if (p.isReleased()) {
            throw new PartitionReleasedException("partition " + id + " released");
        }
        return p;
    }

    /** Releases and forgets the partition, if present. */
    public void release(PartitionId id) {
        ResultPartition p;
        synchronized (this) {
            p = partitions.remove(id);
        }
        if (p != null) {
            p.release();
        }
    }
}
