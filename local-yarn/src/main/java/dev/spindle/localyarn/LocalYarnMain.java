package dev.spindle.localyarn;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The JVM of {@code scripts/local-yarn}: starts a {@link LocalYarnCluster}, writes its client
 * configuration into {@code <dir>/conf/}, then the ready marker ({@link LocalYarnLayout#MARKER}),
 * and runs until it is terminated (SIGTERM), when it removes the marker and stops the cluster,
 * whose NodeManagers kill their containers. The ResourceManager runs in this JVM, the NodeManagers
 * in JVMs it starts (see {@link LocalYarnCluster}).
 *
 * <p>Exit codes: 1 the cluster did not start, 2 usage error; after SIGTERM the JVM's usual 143.
 */
@Command(
        name = "local-yarn",
        description = "Runs an embedded YARN cluster until terminated (started by scripts/local-yarn).")
public final class LocalYarnMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalYarnMain.class);
    private static final Duration NODE_MANAGER_TIMEOUT = Duration.ofSeconds(60);
    /** Before Hadoop's own hooks (the file system cache closes at 10), so the cluster stops on an intact Hadoop. */
    private static final int SHUTDOWN_PRIORITY = 100;
    /** Below the 30 s after which scripts/local-yarn stop kills the JVM. */
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 25;

    @Option(names = "--dir", required = true, description = "the cluster directory")
    private Path dir;

    @Option(
            names = "--nm-memory-mb",
            defaultValue = "4096",
            description = "memory of each NodeManager, MB (default: ${DEFAULT-VALUE})")
    private int nodeMemoryMb;

    @Option(
            names = "--nm-vcores",
            defaultValue = "4",
            description = "vcores of each NodeManager (default: ${DEFAULT-VALUE})")
    private int nodeVcores;

    @Option(
            names = "-D",
            paramLabel = "key=value",
            description = "a YARN setting, e.g. -D yarn.resourcemanager.webapp.address=localhost:8088")
    private Map<String, String> overrides = new LinkedHashMap<>();

    private final AtomicReference<LocalYarnCluster> cluster = new AtomicReference<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalYarnMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LocalYarnLayout layout = new LocalYarnLayout(dir);
        LocalYarnCluster.Settings settings;
        try {
            settings = new LocalYarnCluster.Settings(nodeMemoryMb, nodeVcores, layout.workDir(), overrides);
        } catch (IllegalArgumentException e) {
            System.err.println("local-yarn: " + e.getMessage());
            return 2;
        }
        Files.deleteIfExists(layout.marker());
        // The web apps' Jersey logs every resource it binds through java.util.logging at INFO.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        ShutdownHookManager.get()
                .addShutdownHook(() -> stop(layout), SHUTDOWN_PRIORITY, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        long start = System.nanoTime();
        try {
            cluster.set(LocalYarnCluster.start(settings));
            List<NodeReport> nodes = cluster.get().awaitNodeManagers(NODE_MANAGER_TIMEOUT);
            cluster.get().writeClientConf(layout.confDir());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            writeMarker(layout, cluster.get(), nodes, millis);
            LOG.info(
                    "Local YARN cluster ready in {} ms: ResourceManager {}, web UI {}, configuration in {}",
                    millis,
                    cluster.get().resourceManagerAddress(),
                    cluster.get().resourceManagerWebUrl(),
                    layout.confDir());
        } catch (Exception | LinkageError e) {
            LOG.error("The local YARN cluster did not start", e);
            if (cluster.get() != null) {
                cluster.get().describeNodeManagers().forEach(n -> LOG.error("{}", n));
            }
            stop(layout);
            return 1;
        }
        // Runs until SIGTERM; the shutdown hook stops the cluster.
        new CountDownLatch(1).await();
        return 0;
    }

    /** Removes the marker first, so that no client takes a stopping cluster for a running one. */
    private void stop(LocalYarnLayout layout) {
        deleteQuietly(layout.marker());
        LocalYarnCluster running = cluster.getAndSet(null);
        if (running != null) {
            long start = System.nanoTime();
            LOG.info("Stopping the local YARN cluster");
            running.close();
            LOG.info(
                    "Stopped the local YARN cluster in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private static void writeMarker(
            LocalYarnLayout layout, LocalYarnCluster cluster, List<NodeReport> nodes, long millis) throws IOException {
        Properties marker = new Properties();
        marker.setProperty(
                LocalYarnLayout.PID, Long.toString(ProcessHandle.current().pid()));
        marker.setProperty(LocalYarnLayout.RM_ADDRESS, cluster.resourceManagerAddress());
        marker.setProperty(LocalYarnLayout.RM_WEB_URL, cluster.resourceManagerWebUrl());
        marker.setProperty(LocalYarnLayout.CONF_DIR, layout.confDir().toString());
        marker.setProperty(
                LocalYarnLayout.NODE_MANAGERS,
                nodes.stream()
                        .map(n -> n.getNodeId() + " " + n.getNodeState() + " "
                                + n.getCapability().getMemorySize() + " MB "
                                + n.getCapability().getVirtualCores() + " vcores")
                        .collect(Collectors.joining(", ")));
        marker.setProperty(LocalYarnLayout.START_MILLIS, Long.toString(millis));
        Path tmp = layout.marker().resolveSibling(LocalYarnLayout.MARKER + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            marker.store(out, "A running local YARN cluster (scripts/local-yarn); removed when it stops");
        }
        Files.move(tmp, layout.marker(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.toString());
        }
    }
}
