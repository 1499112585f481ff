package dev.spindle.localyarn;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YARN cluster on this machine, laid out as on a real one: the ResourceManager in this JVM and
 * {@value #NODE_MANAGERS} NodeManagers in JVMs of their own ({@link NodeManagerProcess}), with log
 * aggregation into {@code <work>/app-logs}, so that {@code yarn logs} works after an application
 * ended. Separate JVMs because a JVM serves one Hadoop web app correctly (see NodeManagerProcess):
 * with all three in one (MiniYARNCluster), the ResourceManager's web address served a
 * NodeManager's pages and its REST API and web proxy were unreachable.
 *
 * <p>Under the work directory: {@code tmp/} ({@code hadoop.tmp.dir}), {@code app-logs/} (the
 * aggregated logs) and {@code target/nodemanager-<i>/} (each NodeManager's configuration, log,
 * local and log directories, and so its containers' working directories).
 */
public final class LocalYarnCluster implements AutoCloseable {
    public static final String NAME = "local-yarn";
    public static final int NODE_MANAGERS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(LocalYarnCluster.class);
    /** How long a NodeManager may take to stop (and kill its containers) before it is killed. */
    private static final long NODE_MANAGER_STOP_MILLIS = 20_000;

    static final String AM_RESOURCE_PERCENT = "yarn.scheduler.capacity.maximum-am-resource-percent";
    static final float MAX_AM_SHARE = 0.5f;

    private final ResourceManager resourceManager;
    private final List<NodeManagerProcess> nodeManagers;

    /**
     * What a user may choose.
     *
     * @param nodeMemoryMb memory each NodeManager offers (also the maximum allocation)
     * @param nodeVcores vcores each NodeManager offers (also the maximum allocation)
     * @param workDir where the cluster keeps its files (see the class comment), so that nothing
     *     lands in the shared {@code /tmp}
     * @param overrides further YARN settings ({@code -D}), applied last
     */
    public record Settings(int nodeMemoryMb, int nodeVcores, Path workDir, Map<String, String> overrides) {
        public Settings {
            if (nodeMemoryMb < 256) {
                throw new IllegalArgumentException("NodeManager memory must be at least 256 MB, got " + nodeMemoryMb);
            }
            if (nodeVcores < 1) {
                throw new IllegalArgumentException("NodeManager vcores must be at least 1, got " + nodeVcores);
            }
            workDir = workDir.toAbsolutePath().normalize();
            overrides = Map.copyOf(overrides);
        }

        /** The directory of NodeManager {@code index}. */
        Path nodeManagerDir(int index) {
            return workDir.resolve("target").resolve("nodemanager-" + index);
        }
    }

    private LocalYarnCluster(ResourceManager resourceManager, List<NodeManagerProcess> nodeManagers) {
        this.resourceManager = resourceManager;
        this.nodeManagers = nodeManagers;
    }

    /**
     * The configuration of the ResourceManager and of the clients; see docs/architecture.md
     * ("Dependencies and platform settings") for why each. The ResourceManager's ports are chosen here (free ones), so that the
     * NodeManagers can start before it does.
     */
    static YarnConfiguration configuration(Settings settings) throws IOException {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("hadoop.tmp.dir", settings.workDir().resolve("tmp").toString());
        conf.set(YarnConfiguration.RM_HOSTNAME, "localhost");
        for (String address : List.of(
                YarnConfiguration.RM_ADDRESS,
                YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
                YarnConfiguration.RM_ADMIN_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS)) {
            conf.set(address, "localhost:" + freePort());
        }
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
        conf.setInt(YarnConfiguration.NM_PMEM_MB, settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.NM_VCORES, settings.nodeVcores());
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        // ApplicationMasters may hold half the cluster, not the capacity scheduler's 10 %: on a cluster
        // this small, 10 % admits one AM, and a per-job run would wait for ever beside a session.
        conf.setFloat(AM_RESOURCE_PERCENT, MAX_AM_SHARE);
        // yarn logs -applicationId: the NodeManagers upload each application's logs when it ends.
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        conf.set(
                YarnConfiguration.NM_REMOTE_APP_LOG_DIR,
                settings.workDir().resolve("app-logs").toUri().toString());
        settings.overrides().forEach(conf::set);
        return conf;
    }

    /** The configuration of NodeManager {@code index}: the cluster's, with its own addresses and directories. */
    static YarnConfiguration nodeManagerConfiguration(Configuration cluster, Settings settings, int index) {
        YarnConfiguration conf = new YarnConfiguration(cluster);
        Path dir = settings.nodeManagerDir(index);
        conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
        conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
        conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "localhost:0");
        conf.set(YarnConfiguration.NM_LOCAL_DIRS, dir.resolve("local").toString());
        conf.set(YarnConfiguration.NM_LOG_DIRS, dir.resolve("logs").toString());
        // It starts with the ResourceManager: register as soon as that one answers, not 30 s later.
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 200);
        conf.setInt("ipc.client.connect.retry.interval", 200);
        conf.setInt("ipc.client.connect.max.retries", 100);
        settings.overrides().forEach(conf::set);
        return conf;
    }

    /**
     * Starts the NodeManagers' JVMs and the ResourceManager, in parallel; the NodeManagers may not
     * have registered yet ({@link #awaitNodeManagers}).
     */
    public static LocalYarnCluster start(Settings settings) throws IOException {
        YarnConfiguration conf = configuration(settings);
        List<NodeManagerProcess> nodeManagers = new ArrayList<>();
        ResourceManager resourceManager = new ResourceManager();
        try {
            for (int i = 0; i < NODE_MANAGERS; i++) {
                Path dir = settings.nodeManagerDir(i);
                Files.createDirectories(dir);
                nodeManagers.add(NodeManagerProcess.start(
                        nodeManagerConfiguration(conf, settings, i), dir, dir.resolve("nodemanager.log")));
            }
            resourceManager.init(conf);
            resourceManager.start();
        } catch (IOException | RuntimeException | Error e) {
            // Errors too: a jar missing from the classpath fails the ResourceManager with a
            // NoClassDefFoundError, and the NodeManagers, processes of their own, must not outlive it.
            stop(resourceManager, nodeManagers);
            throw e;
        }
        return new LocalYarnCluster(resourceManager, nodeManagers);
    }

    /** The running cluster's configuration, with its actual addresses. */
    public Configuration config() {
        return new YarnConfiguration(resourceManager.getConfig());
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
                for (NodeManagerProcess nodeManager : nodeManagers) {
                    if (!nodeManager.isAlive()) {
                        throw new IOException("a NodeManager exited before it registered: " + nodeManager.describe());
                    }
                }
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
        writeXml(resourceManager.getConfig(), confDir.resolve("yarn-site.xml"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        core.set("hadoop.tmp.dir", resourceManager.getConfig().get("hadoop.tmp.dir"));
        writeXml(core, confDir.resolve("core-site.xml"));
    }

    static void writeXml(Configuration conf, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            conf.writeXml(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The ResourceManager's client address ({@code host:port}). */
    public String resourceManagerAddress() {
        return resourceManager.getConfig().get(YarnConfiguration.RM_ADDRESS);
    }

    /** The ResourceManager's web UI. */
    public String resourceManagerWebUrl() {
        return "http://" + resourceManager.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    }

    /** The NodeManagers' processes, for messages. */
    public List<String> describeNodeManagers() {
        return nodeManagers.stream().map(NodeManagerProcess::describe).toList();
    }

    /**
     * Stops the NodeManagers (SIGTERM, on which they kill their containers and upload the logs of
     * their applications), all at once, then the ResourceManager.
     */
    @Override
    public void close() {
        stop(resourceManager, nodeManagers);
    }

    private static void stop(ResourceManager resourceManager, List<NodeManagerProcess> nodeManagers) {
        nodeManagers.forEach(NodeManagerProcess::terminate);
        for (NodeManagerProcess nodeManager : nodeManagers) {
            try {
                if (!nodeManager.awaitOrKill(NODE_MANAGER_STOP_MILLIS)) {
                    LOG.warn(
                            "{} did not stop within {} ms: killed it",
                            nodeManager.describe(),
                            NODE_MANAGER_STOP_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                nodeManager.terminate();
            }
        }
        resourceManager.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
