package dev.spindle.metrics.reporter.jmx;

import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.metrics.reporter.PortRanges;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;

/**
 * The JMX connector of the JMX reporter: an RMI registry and the connector's RMI server on one port,
 * the first free one of those configured, so that a JMX client needs just that port
 * ({@code service:jmx:rmi:///jndi/rmi://<host>:<port>/jmxrmi}). The connector's stub is bound in
 * the registry directly, not through JNDI, whose configuration on the classpath (a
 * {@code jndi.properties}) may name a factory that is not there.
 */
final class JmxConnectorServer {
    private final int port;
    private final Registry registry;
    private final JMXConnectorServer connector;

    private JmxConnectorServer(int port, Registry registry, JMXConnectorServer connector) {
        this.port = port;
        this.registry = registry;
        this.connector = connector;
    }

    /**
     * Parses {@code 9250}, {@code 9250-9260} or {@code 9250,9252}.
     *
     * @throws IllegalConfigurationException naming {@code key} when it is none of those
     */
    static List<Integer> parsePorts(String value, String key) {
        return PortRanges.parse(value, key);
    }

    /**
     * Serves the platform MBean server on the first of {@code ports} that is free.
     *
     * @throws IllegalStateException when none is
     */
    static JmxConnectorServer start(List<Integer> ports) {
        IOException last = null;
        for (int port : ports) {
            Registry registry;
            try {
                registry = LocateRegistry.createRegistry(port);
            } catch (ExportException e) {
                last = e; // taken: try the next
                continue;
            } catch (IOException e) {
                last = e;
                continue;
            }
            try {
                RMIJRMPServerImpl server = new RMIJRMPServerImpl(port, null, null, null);
                JMXConnectorServer connector = new RMIConnectorServer(
                        new JMXServiceURL("service:jmx:rmi://localhost:" + port),
                        null,
                        server,
                        ManagementFactory.getPlatformMBeanServer());
                connector.start();
                try {
                    registry.bind("jmxrmi", server.toStub());
                } catch (IOException | AlreadyBoundException e) {
                    connector.stop();
                    throw new IOException("binding the JMX connector in the RMI registry failed: " + e, e);
                }
                return new JmxConnectorServer(port, registry, connector);
            } catch (IOException e) {
                last = e;
                unexport(registry);
            }
        }
        throw new IllegalStateException(
                "the JMX reporter found no free port among " + describe(ports) + ": " + last, last);
    }

    private static String describe(List<Integer> ports) {
        return ports.size() == 1 ? "port " + ports.get(0) : "ports " + ports.get(0) + "-" + ports.get(ports.size() - 1);
    }

    int port() {
        return port;
    }

    void stop() {
        try {
            connector.stop();
        } catch (IOException e) {
            // closing anyway
        }
        unexport(registry);
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // already gone
        }
    }
}
