package dev.spindle.network.netty;

import dev.spindle.network.PartitionId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Tells a consumer where the producer of a partition runs. The TaskManager supplies it from what
 * the job master told it when deploying the consuming task.
 */
@FunctionalInterface
public interface PartitionLocator {

    /**
     * The producer of {@code id} in another process, or null if the producer runs in this process
     * (the exchange then goes through memory, without a socket).
     */
    RemoteProducer locate(PartitionId id);

    /** A locator for a process that runs every producer itself. */
    static PartitionLocator allLocal() {
        return id -> null;
    }

    /**
     * A producer in another process.
     *
     * @param address its process's partition server
     * @param processName what to call that process in failures, e.g. {@code TaskManager worker-2}:
     *     when a connection is lost it is this process that is gone, and the address alone would
     *     not tell an operator which one it was
     */
    record RemoteProducer(InetSocketAddress address, String processName) {
        public RemoteProducer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(processName, "processName");
        }
    }
}
