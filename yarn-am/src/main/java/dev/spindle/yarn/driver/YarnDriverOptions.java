package dev.spindle.yarn.driver;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link YarnResourceDriver} needs besides the YARN configuration: how the AM registers
 * itself with the YARN ResourceManager, and the driver's own settings.
 *
 * @param amHost the host the AM runs on (its RPC endpoint's host), shown by YARN
 * @param amRpcPort the AM's RPC port, or 0 for none
 * @param trackingUrl the URL YARN links to from the application (the REST endpoint), or "" for none
 * @param heartbeatInterval the RM heartbeat while nothing is pending ({@link YarnOptions#HEARTBEAT_INTERVAL})
 * @param pendingHeartbeatInterval the faster RM heartbeat while containers are requested or being
 *     stopped ({@link YarnOptions#CONTAINER_REQUEST_HEARTBEAT_INTERVAL})
 * @param nodeLabel the node label expression of TaskManager containers, or null for none
 * @param stopTimeout how long {@link YarnResourceDriver#terminate()} waits for YARN to report the
 *     stopped containers as completed before it releases the rest and returns
 */
public record YarnDriverOptions(
        String amHost,
        int amRpcPort,
        String trackingUrl,
        Duration heartbeatInterval,
        Duration pendingHeartbeatInterval,
        String nodeLabel,
        Duration stopTimeout) {

    /** {@link #stopTimeout} unless set otherwise: the NodeManager's SIGTERM grace plus a few heartbeats. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);

    public YarnDriverOptions {
        Objects.requireNonNull(amHost, "amHost");
        Objects.requireNonNull(trackingUrl, "trackingUrl");
        if (amRpcPort < 0 || amRpcPort > 65535) {
            throw new IllegalArgumentException("amRpcPort " + amRpcPort + " is not a port");
        }
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(pendingHeartbeatInterval, "pendingHeartbeatInterval");
        requirePositive(stopTimeout, "stopTimeout");
        if (nodeLabel != null && nodeLabel.isBlank()) {
            nodeLabel = null;
        }
    }

    /** The options of a cluster configuration, for an AM at the given host, port and tracking URL. */
    public static YarnDriverOptions of(Configuration config, String amHost, int amRpcPort, String trackingUrl) {
        return new YarnDriverOptions(
                amHost,
                amRpcPort,
                trackingUrl,
                config.get(YarnOptions.HEARTBEAT_INTERVAL),
                config.get(YarnOptions.CONTAINER_REQUEST_HEARTBEAT_INTERVAL),
                config.get(YarnOptions.TASK_MANAGER_NODE_LABEL),
                DEFAULT_STOP_TIMEOUT);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and below 24 days, got " + d);
        }
    }
}
