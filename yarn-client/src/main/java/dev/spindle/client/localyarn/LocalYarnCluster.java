package dev.spindle.client.localyarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN cluster in this JVM: a MiniYARNCluster with one ResourceManager and
 * {@value #NODE_MANAGERS} NodeManagers, configured to be quick on a small machine (see
 * {@link #configuration}). Its RM, NM and container directories are under
 * {@code ./target/}{@value #NAME} of the process's working directory (MiniYARNCluster's choice).
 */
public final class LocalYarnCluster implements AutoCloseable {
    public static final String NAME = "local-yarn";
    public static final int NODE_MANAGERS = 2;

    private final MiniYARNCluster cluster;

    /**
     * What a user may choose.
     *
     * @param nodeMemoryMb memory each NodeManager offers (also the maximum allocation)
     * @param nodeVcores vcores each NodeManager offers (also the maximum allocation)
     * @param tmpDir {@code hadoop.tmp.dir}, so that nothing lands in the shared {@code /tmp}
     * @param overrides further YARN settings ({@code -D}), applied last
     */
    public record Settings(int nodeMemoryMb, int nodeVcores, Path tmpDir, Map<String, String> overrides) {
        public Settings {
            if (nodeMemoryMb < 256) {
                throw new IllegalArgumentException("NodeManager memory must be at least 256 MB, got " + nodeMemoryMb);
            }
            if (nodeVcores < 1) {
                throw new IllegalArgumentException("NodeManager vcores must be at least 1, got " + nodeVcores);
            }
            overrides = Map.copyOf(overrides);
        }
    }

    private LocalYarnCluster(MiniYARNCluster cluster) {
        this.cluster = cluster;
    }

    /** The configuration the cluster starts with; see ../shared/platform-notes.md for why each. */
    static YarnConfiguration configuration(Settings settings) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("hadoop.tmp.dir", settings.tmpDir().toString());
        // A JVM's virtual size is 2-3 GB whatever its heap: the check would kill every container.
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, settings.nodeVcores());
        // Otherwise each NodeManager waits ~17 s on stop for log retention.
        conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
        // A developer's disk is often fuller than YARN's default 90 %, which marks the node unhealthy.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
        // MiniYARNCluster forces 4096 MB per NodeManager unless this is set.
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.NM_PMEM_MB, settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.NM_VCORES, settings.nodeVcores());
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, false);
        settings.overrides().forEach(conf::set);
        return conf;
    }

    /** Starts the cluster; its NodeManagers may not have registered yet ({@link #awaitNodeManagers}). */
    public static LocalYarnCluster start(Settings settings) {
        MiniYARNCluster cluster = new MiniYARNCluster(NAME, NODE_MANAGERS, 1, 1);
        try {
            cluster.init(configuration(settings));
            cluster.start();
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
        return new LocalYarnCluster(cluster);
    }

    /** The running cluster's configuration, with its actual (random) addresses. */
    public Configuration config() {
        return new YarnConfiguration(cluster.getConfig());
    }

    /**
     * Waits until the ResourceManager reports all NodeManagers RUNNING, asking it as a client would.
     *
     * @return the RUNNING NodeManagers
     * @throws IOException if they are not all RUNNING within {@code timeout}
     */
    public List<NodeReport> awaitNodeManagers(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(config());
            client.start();
            while (true) {
                List<NodeReport> running = client.getNodeReports(NodeState.RUNNING);
                if (running.size() >= NODE_MANAGERS) {
                    return running;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("only " + running.size() + " of " + NODE_MANAGERS
                            + " NodeManagers are RUNNING after " + timeout.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (YarnException e) {
            throw new IOException("cannot ask the ResourceManager for its NodeManagers: " + e.getMessage(), e);
        }
    }

    /**
     * Writes what clients need into {@code confDir}: {@code yarn-site.xml}, the cluster's whole
     * configuration with its actual addresses, and {@code core-site.xml}, the local file system as
     * the default (there is no HDFS). Each file appears whole or not at all.
     */
    public void writeClientConf(Path confDir) throws IOException {
        Files.createDirectories(confDir);
        writeXml(cluster.getConfig(), confDir.resolve("yarn-site.xml"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        core.set("hadoop.tmp.dir", cluster.getConfig().get("hadoop.tmp.dir"));
        writeXml(core, confDir.resolve("core-site.xml"));
    }

    private static void writeXml(Configuration conf, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            conf.writeXml(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The ResourceManager's client address ({@code host:port}). */
    public String resourceManagerAddress() {
        return cluster.getConfig().get(YarnConfiguration.RM_ADDRESS);
    }

    /** The ResourceManager's web UI. */
    public String resourceManagerWebUrl() {
        return "http://" + cluster.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    }

    /** Stops the NodeManagers (which kill their containers) and the ResourceManager. */
    @Override
    public void close() {
        cluster.stop();
    }
}
