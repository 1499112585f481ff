package dev.spindle.cluster.gateway;

import java.util.Objects;

/**
 * A TaskManager introducing itself.
 *
 * @param resourceId its worker id (from the resource driver)
 * @param rpcHost host of its RPC endpoint
 * @param rpcPort port of its RPC endpoint
 * @param dataHost host of its data plane
 * @param dataPort port of its data plane
 * @param slots its task slots
 */
public record TaskManagerRegistration(
        String resourceId, String rpcHost, int rpcPort, String dataHost, int dataPort, int slots) {
    public TaskManagerRegistration {
        Objects.requireNonNull(resourceId, "resourceId");
        if (slots < 1) {
            throw new IllegalArgumentException("a TaskManager offers at least one slot");
        }
    }
}
