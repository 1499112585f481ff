package dev.spindle.network.netty;

import dev.spindle.network.PartitionId;
import java.net.InetSocketAddress;

/**
 * Tells a consumer where the producer of a partition runs. The TaskManager supplies it from what
 * the job master told it when deploying the consuming task.
 */
@FunctionalInterface
public interface PartitionLocator {

    /**
     * The address of the partition server of the process that produces {@code id}, or null if the
     * producer runs in this process (the exchange then goes through memory, without a socket).
     */
    InetSocketAddress locate(PartitionId id);

    /** A locator for a process that runs every producer itself. */
    static PartitionLocator allLocal() {
        return id -> null;
    }
}
