package dev.spindle.ha.zookeeper;

import dev.spindle.config.HighAvailabilityOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Starts the Curator client of a cluster's HA services. */
final class CuratorClients {
    private CuratorClients() {}

    /**
     * A started client, connected: its first connection is awaited at most the connection timeout,
     * so that a wrong or unreachable quorum fails the deployment at once instead of later, somewhere.
     *
     * @throws IOException naming the quorum and the option to raise if no server answered in time
     *     (the client is closed then)
     */
    static CuratorFramework connect(ZooKeeperHaConfig config) throws IOException {
        long connectMillis = config.connectionTimeout().toMillis();
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(config.quorum())
                .sessionTimeoutMs(Math.toIntExact(config.sessionTimeout().toMillis()))
                .connectionTimeoutMs(Math.toIntExact(connectMillis))
                .retryPolicy(new ExponentialBackoffRetry(
                        Math.toIntExact(config.retryWait().toMillis()), config.maxRetryAttempts()))
                // SUSPENDED (connection interrupted, session alive) ends leadership at once unless the
                // user tolerates it; then only LOST (session expired) does.
                .connectionStateErrorPolicy(
                        config.tolerateSuspendedConnections()
                                ? new SessionConnectionStateErrorPolicy()
                                : new StandardConnectionStateErrorPolicy())
                .build();
        try {
            client.start();
            if (client.blockUntilConnected(Math.toIntExact(connectMillis), TimeUnit.MILLISECONDS)) {
                return client;
            }
            client.close();
            throw new IOException("Cannot connect to ZooKeeper at " + config.quorum() + ": no server answered within "
                    + HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT.key() + " ("
                    + connectMillis + " ms). Check " + HighAvailabilityOptions.ZOOKEEPER_QUORUM.key()
                    + " and that the servers run, or raise the timeout.");
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to ZooKeeper at " + config.quorum());
        } catch (RuntimeException e) {
            // e.g. a host name that does not resolve: ZooKeeper's client has no server to try
            client.close();
            throw new IOException(
                    "Cannot connect to ZooKeeper at " + config.quorum() + ": " + e.getMessage() + ". Check "
                            + HighAvailabilityOptions.ZOOKEEPER_QUORUM.key() + ".",
                    e);
        }
    }
}
