package dev.spindle.ha.services;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.NoHighAvailabilityServices;
import dev.spindle.ha.zookeeper.ZooKeeperHaConfig;
import dev.spindle.ha.zookeeper.ZooKeeperHaServices;
import java.io.IOException;
import java.util.Locale;

/**
 * Makes the {@link HighAvailabilityServices} that {@code high-availability.type} asks for. A package of
 * its own because it knows every implementation, which know the interfaces: in
 * {@code dev.spindle.ha} it would tie that package and {@code dev.spindle.ha.zookeeper} in a cycle.
 */
public final class HighAvailabilityServicesFactory {
    /** The cluster id of a standalone cluster when {@code high-availability.cluster-id} is unset. */
    public static final String STANDALONE_CLUSTER_ID = "default";

    private HighAvailabilityServicesFactory() {}

    /**
     * The services of the configured type.
     *
     * @param defaultClusterId the cluster id when high-availability.cluster-id is unset: the YARN
     *     application id, or {@code default} for a standalone cluster
     * @param participantId this process in the leader election: the YARN application attempt id, or
     *     host:pid
     * @throws dev.spindle.config.IllegalConfigurationException if an option is missing or malformed
     *     (the message names it and the fix)
     * @throws IOException if ZooKeeper did not answer within
     *     high-availability.zookeeper.client.connection-timeout (the message names the quorum); nothing
     *     is left running then
     */
    public static HighAvailabilityServices create(Configuration config, String defaultClusterId, String participantId)
            throws IOException {
        String type = config.get(HighAvailabilityOptions.TYPE).toLowerCase(Locale.ROOT);
        if (type.equals("zookeeper")) {
            return ZooKeeperHaServices.start(ZooKeeperHaConfig.from(config, defaultClusterId), participantId);
        }
        String clusterId = config.get(HighAvailabilityOptions.CLUSTER_ID);
        return new NoHighAvailabilityServices(clusterId == null || clusterId.isBlank() ? defaultClusterId : clusterId);
    }
}
