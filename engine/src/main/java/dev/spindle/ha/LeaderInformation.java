package dev.spindle.ha;

import java.util.Objects;
import java.util.UUID;

/**
 * What a leading JobManager publishes: its leadership's session id (the fencing token every message
 * of the leader carries) and where it is reached.
 *
 * @param sessionId the leadership's session id
 * @param rpcAddress {@code host:port} of its RPC endpoint (TaskManagers register there)
 * @param restAddress the URL of its REST endpoint, or null when it has none
 */
public record LeaderInformation(UUID sessionId, String rpcAddress, String restAddress) {
    public LeaderInformation {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(rpcAddress, "rpcAddress");
    }
}
