package dev.spindle.yarn.am;

import dev.spindle.resource.ResourceDriver;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.net.InetSocketAddress;

/**
 * Makes the resource driver that starts TaskManagers in YARN containers. A factory, so that the AM
 * entry point only wires and tests (or a later driver) can supply their own.
 */
@FunctionalInterface
public interface ResourceDriverFactory {

    /** No driver: the cluster gets no TaskManagers (enough for a session that runs no job yet). */
    ResourceDriverFactory NONE = (spec, secret, registration, rpcAddress) -> null;

    /**
     * @param registration the AM's registration with the ResourceManager, whose client a YARN
     *     driver shares; not yet registered when this is called
     * @param rpcAddress where the TaskManagers the driver starts must register
     * @return the driver, or null for none
     */
    ResourceDriver create(ClusterSpec spec, ClusterSecret secret, AmRegistration registration,
            InetSocketAddress rpcAddress);
}
