package dev.spindle.client.yarn;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The ZooKeeper quorum found the way the YARN configuration is found: {@code scripts/local-yarn
 * start --with-zookeeper} starts a ZooKeeper server with the local YARN cluster and writes its
 * quorum into the file {@value LocalYarnLayout#ZOOKEEPER_QUORUM_FILE} of the cluster's
 * configuration directory, next to {@code yarn-site.xml}. A user who asks for high availability on
 * that cluster then needs no quorum: {@code -D high-availability.type=zookeeper} suffices.
 */
public final class LocalZooKeeperQuorum {
    private LocalZooKeeperQuorum() {}

    /**
     * {@code config} with {@code high-availability.zookeeper.quorum} set from the quorum file of
     * {@code yarnConfDir} when high-availability.type is zookeeper, the quorum is unset and the
     * file exists; else {@code config} itself (an explicit quorum always wins).
     *
     * @param yarnConfDir the directory of the YARN client configuration in use
     * @throws ClusterAccessException if the file exists but cannot be read or is empty; the
     *                                message names the file and what to do
     */
    public static Configuration withLocalQuorum(Configuration config, Path yarnConfDir) throws ClusterAccessException {
        String type = config.get(HighAvailabilityOptions.TYPE).toLowerCase(Locale.ROOT);
        if (!type.equals("zookeeper") || config.contains(HighAvailabilityOptions.ZOOKEEPER_QUORUM)) {
            return config;
        }
        Path file = yarnConfDir.resolve(LocalYarnLayout.ZOOKEEPER_QUORUM_FILE);
        String quorum;
        try {
            quorum = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return config;
        } catch (IOException e) {
            throw unusable(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (quorum.isEmpty() || quorum.lines().count() != 1) {
            throw unusable(file, "holds no quorum (one line host:port,...)", null);
        }
        Configuration withQuorum = new Configuration(config);
        withQuorum.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, quorum);
        return withQuorum;
    }

    private static ClusterAccessException unusable(Path file, String problem, IOException cause) {
        return new ClusterAccessException(
                file + " " + problem + "; set " + HighAvailabilityOptions.ZOOKEEPER_QUORUM.key()
                        + ", or restart the local YARN cluster with scripts/local-yarn stop and start --with-zookeeper",
                cause);
    }
}
