package dev.spindle.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN cluster in this JVM (1 ResourceManager, 2 NodeManagers) with the settings that make
 * it quick on a small machine (docs/architecture.md, "Dependencies and platform settings"). Its addresses (random ports) are in
 * {@link #config()} and in {@link #yarnSite()}, the {@code yarn-site.xml} for clients and AMs
 * (next to a {@code core-site.xml} with the default file system).
 * Start one per test class: starting takes seconds.
 */
public final class MiniYarn implements AutoCloseable {
    private final MiniYARNCluster cluster;
    private final Path confDir;
    private org.apache.hadoop.yarn.client.api.YarnClient client;

    private MiniYarn(MiniYARNCluster cluster, Path confDir) {
        this.cluster = cluster;
        this.confDir = confDir;
    }

    /**
     * @param name the cluster's name (its directories are under {@code target/})
     * @param confDir where {@code yarn-site.xml} is written
     * @param nodeMemoryMb memory each NodeManager offers
     */
    public static MiniYarn start(String name, Path confDir, int nodeMemoryMb) throws IOException {
        return start(name, confDir, nodeMemoryMb, new Configuration(false));
    }

    /**
     * As {@link #start(String, Path, int)}, with {@code extra} settings on top of the fixture's, e.g.
     * {@code fs.defaultFS} of a MiniDFSCluster. The {@code core-site.xml} written next to
     * {@code yarn-site.xml} names the cluster's default file system, so that clients see it too.
     */
    public static MiniYarn start(String name, Path confDir, int nodeMemoryMb, Configuration extra) throws IOException {
        YarnConfiguration conf = new YarnConfiguration();
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
        conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, false);
        extra.forEach(e -> conf.set(e.getKey(), e.getValue()));
        MiniYARNCluster cluster = new MiniYARNCluster(name, 2, 1, 1);
        cluster.init(conf);
        cluster.start();
        Files.createDirectories(confDir);
        MiniYarn yarn = new MiniYarn(cluster, confDir);
        try (OutputStream out = Files.newOutputStream(yarn.yarnSite())) {
            cluster.getConfig().writeXml(out);
        }
        Configuration coreSite = new Configuration(false);
        coreSite.set(
                CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY,
                cluster.getConfig().get(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY));
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            coreSite.writeXml(out);
        }
        return yarn;
    }

    /** The running cluster's configuration, with its actual addresses. */
    public Configuration config() {
        return new YarnConfiguration(cluster.getConfig());
    }

    /** The {@code yarn-site.xml} with the cluster's addresses. */
    public Path yarnSite() {
        return confDir.resolve("yarn-site.xml");
    }

    public MiniYARNCluster cluster() {
        return cluster;
    }

    /** A started client of this cluster, made on first use and stopped by {@link #close()}. */
    public synchronized org.apache.hadoop.yarn.client.api.YarnClient client() {
        if (client == null) {
            client = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient();
            client.init(config());
            client.start();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.stop();
        }
        cluster.stop();
    }
}
