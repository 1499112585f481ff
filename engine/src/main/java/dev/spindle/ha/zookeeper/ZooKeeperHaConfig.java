package dev.spindle.ha.zookeeper;

import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of ZooKeeper high availability. Everything a user can get wrong fails here,
 * before any connection, with one line that names the option and the fix.
 *
 * @param quorum the ZooKeeper connect string, {@code host:port,...} with an optional {@code /chroot}
 * @param root the node under which clusters keep their nodes
 * @param clusterId this cluster's name under {@code root} and {@code storageDir}
 * @param storageDir the shared directory (a Hadoop URI or absolute path)
 * @param jobResultStorePath where the job result store lives: kept by {@code closeAndCleanupAllData}
 */
public record ZooKeeperHaConfig(
        String quorum,
        String root,
        String clusterId,
        String storageDir,
        String jobResultStorePath,
        Duration sessionTimeout,
        Duration connectionTimeout,
        Duration retryWait,
        int maxRetryAttempts,
        boolean tolerateSuspendedConnections) {

    /** Curator's ExponentialBackoffRetry takes no more (its wait would overflow). */
    static final int MAX_RETRIES_LIMIT = 29;

    public ZooKeeperHaConfig {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(jobResultStorePath, "jobResultStorePath");
    }

    /**
     * Reads and checks the options of {@code high-availability.type: zookeeper}.
     *
     * @param defaultClusterId the cluster id when high-availability.cluster-id is unset (the YARN
     *     application id, or {@code default})
     * @throws IllegalConfigurationException naming the option that is missing or malformed
     */
    public static ZooKeeperHaConfig from(Configuration config, String defaultClusterId) {
        String quorum = required(
                config.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM),
                "high-availability.zookeeper.quorum",
                "set it to the ZooKeeper servers, host:port,host:port,...");
        checkQuorum(quorum);
        String storageDir = required(
                config.get(HighAvailabilityOptions.STORAGE_DIR),
                "high-availability.storageDir",
                "set it to a directory that every JobManager reaches (hdfs://... or file:///...)");
        storageDir = trimTrailingSlashes(storageDir);
        String clusterId = config.get(HighAvailabilityOptions.CLUSTER_ID);
        clusterId = clusterId == null || clusterId.isBlank() ? defaultClusterId : clusterId.trim();
        checkClusterId(clusterId);
        String jrs = config.get(CleanupOptions.JOB_RESULT_STORE_PATH);
        jrs = jrs == null || jrs.isBlank()
                ? storageDir + "/job-result-store/" + clusterId
                : trimTrailingSlashes(jrs.trim());
        int retries = config.get(HighAvailabilityOptions.ZOOKEEPER_MAX_RETRY_ATTEMPTS);
        if (retries > MAX_RETRIES_LIMIT) {
            throw new IllegalConfigurationException(HighAvailabilityOptions.ZOOKEEPER_MAX_RETRY_ATTEMPTS.key() + " is "
                    + retries + ": at most " + MAX_RETRIES_LIMIT + " retries are possible");
        }
        return new ZooKeeperHaConfig(
                quorum,
                config.get(HighAvailabilityOptions.ZOOKEEPER_ROOT),
                clusterId,
                storageDir,
                jrs,
                config.get(HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT),
                config.get(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT),
                config.get(HighAvailabilityOptions.ZOOKEEPER_RETRY_WAIT),
                retries,
                config.get(HighAvailabilityOptions.ZOOKEEPER_TOLERATE_SUSPENDED_CONNECTIONS));
    }

    private static String required(String value, String key, String fix) {
        if (value == null || value.isBlank()) {
            throw new IllegalConfigurationException(
                    "high-availability.type is zookeeper but " + key + " is not set: " + fix + ".");
        }
        return value.trim();
    }

    /** {@code host:port[,host:port...][/chroot]}, as ZooKeeper's client parses it. */
    static void checkQuorum(String quorum) {
        int chroot = quorum.indexOf('/');
        String servers = chroot < 0 ? quorum : quorum.substring(0, chroot);
        for (String server : servers.split(",", -1)) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            String problem = null;
            if (colon <= 0) {
                problem = "'" + s + "' is not host:port";
            } else {
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        problem = "the port of '" + s + "' is not in 1..65535";
                    }
                } catch (NumberFormatException e) {
                    problem = "the port of '" + s + "' is not a number";
                }
            }
            if (problem != null) {
                throw new IllegalConfigurationException(HighAvailabilityOptions.ZOOKEEPER_QUORUM.key() + " '" + quorum
                        + "' is not a ZooKeeper quorum: " + problem + " (expected host:port,host:port,..., "
                        + "e.g. zk1:2181,zk2:2181,zk3:2181).");
            }
        }
    }

    private static void checkClusterId(String clusterId) {
        if (clusterId.isEmpty() || clusterId.contains("/") || clusterId.equals(".") || clusterId.equals("..")) {
            throw new IllegalConfigurationException(HighAvailabilityOptions.CLUSTER_ID.key() + " '" + clusterId
                    + "' cannot name a ZooKeeper node and a directory: use letters, digits, '-', '_' or '.', no '/'.");
        }
    }

    private static String trimTrailingSlashes(String path) {
        String p = path.trim();
        while (p.endsWith("/") && !p.endsWith(":/") && !p.endsWith("://") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
