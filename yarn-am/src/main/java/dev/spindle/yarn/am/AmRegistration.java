package dev.spindle.yarn.am;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster's registration with the ResourceManager: register with the host, the REST
 * port and the tracking URL (the REST endpoint), unregister with the final status and diagnostics.
 * It owns the {@link AMRMClient}, which {@link #client()} lends to a resource driver.
 *
 * <p>Threads: called by the AM's main thread; {@link #client()} may be used by a driver's thread.
 */
public final class AmRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmRegistration.class);

    private final AMRMClient<ContainerRequest> client;
    private volatile boolean registered;

    private AmRegistration(AMRMClient<ContainerRequest> client) {
        this.client = client;
    }

    /** Starts the client; nothing is registered yet. */
    public static AmRegistration start(Configuration yarnConfig) {
        AMRMClient<ContainerRequest> client = AMRMClient.createAMRMClient();
        client.init(yarnConfig);
        client.start();
        return new AmRegistration(client);
    }

    /** Registers the AM; clients find the REST endpoint at {@code host:restPort} in the application report. */
    public void register(String host, int restPort, String trackingUrl) throws IOException {
        try {
            client.registerApplicationMaster(host, restPort, trackingUrl);
            registered = true;
            LOG.info("Registered with the ResourceManager: {}:{}, tracking URL {}", host, restPort, trackingUrl);
        } catch (YarnException e) {
            throw new IOException("could not register the ApplicationMaster with the ResourceManager: " + e.getMessage(), e);
        }
    }

    public boolean isRegistered() {
        return registered;
    }

    /** Unregisters with the final status; YARN shows the diagnostics. Unregistered AMs are left alone. */
    public void unregister(FinalApplicationStatus status, String diagnostics) throws IOException {
        if (!registered) {
            return;
        }
        try {
            client.unregisterApplicationMaster(status, diagnostics, null);
            registered = false;
            LOG.info("Unregistered from the ResourceManager: {} ({})", status, diagnostics);
        } catch (YarnException e) {
            throw new IOException("could not unregister the ApplicationMaster: " + e.getMessage(), e);
        }
    }

    /** The client, for a resource driver that allocates containers on this registration. */
    public AMRMClient<ContainerRequest> client() {
        return client;
    }

    @Override
    public void close() {
        client.stop();
    }
}
