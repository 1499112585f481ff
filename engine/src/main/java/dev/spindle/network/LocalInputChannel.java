package dev.spindle.network;

import java.io.IOException;
import java.util.Objects;

/** Reads a subpartition of a producer in the same JVM, without copying or sockets. */
public final class LocalInputChannel implements InputChannel {
    private final LocalPartitionRegistry registry;
    private final PartitionId partitionId;
    private final int subpartitionIndex;
    private ResultSubpartition subpartition;
    private volatile boolean cancelled;

    public LocalInputChannel(LocalPartitionRegistry registry, PartitionId partitionId, int subpartitionIndex) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.partitionId = Objects.requireNonNull(partitionId, "partitionId");
        this.subpartitionIndex = subpartitionIndex;
    }

    @Override
    public void requestSubpartition(AvailabilityListener listener) throws IOException, InterruptedException {
        ResultPartition partition = registry.await(partitionId, () -> cancelled);
        subpartition = partition.subpartition(subpartitionIndex);
        subpartition.subscribe(listener);
    }

    @Override
    public ResultSubpartition.Polled poll() {
        return subpartition.poll();
    }

    @Override
    public void cancel() {
        cancelled = true;
        registry.wakeWaiters();
    }

    @Override
    public void release() {
        // The producer owns the subpartition and releases it; nothing is held here.
    }

    @Override
    public String toString() {
        return "local " + partitionId + "#" + subpartitionIndex;
    }
}
