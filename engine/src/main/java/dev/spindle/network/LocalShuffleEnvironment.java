package dev.spindle.network;

import dev.spindle.config.Configuration;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobId;

/**
 * Exchanges between tasks of one JVM, through memory. Pools are sized from {@link NetworkOptions}.
 * The network environment builds on it for the partitions and exchanges that stay in its process.
 */
public final class LocalShuffleEnvironment implements ShuffleEnvironment {
    private final LocalPartitionRegistry registry = new LocalPartitionRegistry();
    private final int segmentSize;
    private final int buffersPerChannel;
    private final int floatingBuffers;
    private final NetworkBufferBudget budget;

    public LocalShuffleEnvironment(Configuration config) {
        long segment = config.get(NetworkOptions.SEGMENT_SIZE).bytes();
        if (segment < 1024 || segment > (64 << 20)) {
            throw new IllegalArgumentException(NetworkOptions.SEGMENT_SIZE.key() + " must be between 1k and 64m");
        }
        this.segmentSize = (int) segment;
        this.buffersPerChannel = Math.max(1, config.get(NetworkOptions.BUFFERS_PER_CHANNEL));
        this.floatingBuffers = Math.max(1, config.get(NetworkOptions.FLOATING_BUFFERS));
        this.budget = NetworkBufferBudget.fromConfig(config, segmentSize);
    }

    @Override
    public ResultPartition createResultPartition(PartitionId id, int numSubpartitions) {
        BufferPool pool = new BufferPool(
                numSubpartitions * buffersPerChannel + floatingBuffers,
                segmentSize,
                null,
                budget,
                "the output of " + id);
        ResultPartition partition = new ResultPartition(id, numSubpartitions, pool);
        registry.register(partition);
        return partition;
    }

    @Override
    public InputChannel createInputChannel(PartitionId id, int subpartitionIndex) {
        return new LocalInputChannel(registry, id, subpartitionIndex);
    }

    @Override
    public void releasePartition(PartitionId id) {
        registry.release(id);
    }

    @Override
    public void forgetJob(JobId jobId) {
        registry.forgetJob(jobId);
    }

    /** The partitions produced in this process, for a server that serves them to other processes. */
    public LocalPartitionRegistry registry() {
        return registry;
    }

    /** This process's network buffers, which every exchange pool reserves from. */
    public NetworkBufferBudget budget() {
        return budget;
    }

    /** Bytes per network buffer ({@code taskmanager.memory.segment-size}). */
    public int segmentSize() {
        return segmentSize;
    }

    /** Buffers per channel ({@code taskmanager.network.memory.buffers-per-channel}). */
    public int buffersPerChannel() {
        return buffersPerChannel;
    }
}
