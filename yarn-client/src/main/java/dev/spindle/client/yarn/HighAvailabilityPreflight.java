package dev.spindle.client.yarn;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a deployment with high availability checks before anything is submitted to YARN: the
 * options (a missing quorum or storage directory is a user error, named), and that the quorum
 * answers within {@code high-availability.zookeeper.client.connection-timeout}, so that an unreachable
 * ZooKeeper fails the command in bounded time with the quorum in the message, and leaves no
 * application or staging directory behind (an ApplicationMaster would otherwise fail every attempt).
 */
final class HighAvailabilityPreflight {
    private HighAvailabilityPreflight() {}

    /**
     * {@code config}, with the local YARN cluster's ZooKeeper quorum when it names none (see {@link
     * LocalZooKeeperQuorum}), checked; unchanged without high availability.
     *
     * @param yarnConfDir the YARN client configuration's directory, or null
     * @throws dev.spindle.config.IllegalConfigurationException for options that are missing or malformed
     * @throws ClusterDeploymentException when the local quorum file is unusable, or ZooKeeper or the
     *     storage directory cannot be reached
     */
    static Configuration check(Configuration config, Path yarnConfDir) throws ClusterDeploymentException {
        if (!HighAvailabilityOptions.enabled(config)) {
            return config;
        }
        try {
            Configuration checked =
                    yarnConfDir == null ? config : LocalZooKeeperQuorum.withLocalQuorum(config, yarnConfDir);
            // Connecting is the check; the services start nothing else (no election) and are closed at once.
            HighAvailabilityServices services = HighAvailabilityServicesFactory.create(checked, "preflight", "client");
            services.close();
            return checked;
        } catch (ClusterAccessException | IOException e) {
            throw new ClusterDeploymentException("high availability: " + e.getMessage(), e);
        }
    }
}
