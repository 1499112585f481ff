package dev.spindle.yarn.am;

import dev.spindle.resource.ResourceDriver;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Makes the resource driver that starts TaskManagers in YARN containers. The driver is also the
 * AM's one registration with the ResourceManager: its {@code initialize} registers the attempt, its
 * {@link ResourceDriver#deregister} unregisters it with the final status; the AM sees only the
 * {@link ResourceDriver} interface. A factory, so that the AM entry point
 * only wires and tests can supply their own.
 */
@FunctionalInterface
public interface ResourceDriverFactory {

    /**
     * @param spec the cluster spec (configuration, staging directory, classpath link names)
     * @param rpcAddress where the TaskManagers the driver starts must register
     * @param trackingUrl the REST endpoint's URL, which the driver registers as the tracking URL
     * @throws IOException when the driver's launch contexts cannot be made (e.g. a staged file is missing)
     */
    ResourceDriver create(ClusterSpec spec, InetSocketAddress rpcAddress, String trackingUrl) throws IOException;
}
