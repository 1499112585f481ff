package dev.spindle.localyarn;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongPredicate;

/**
 * The files of an embedded YARN cluster in its directory, shared by the cluster's JVM
 * ({@link LocalYarnMain}), {@code scripts/local-yarn} and the clients that look for it. Free of
 * Hadoop, so that the CLI can use it without the cluster's jars.
 *
 * <pre>
 * &lt;dir&gt;/conf/yarn-site.xml, core-site.xml   the cluster's configuration, for clients
 * &lt;dir&gt;/conf/zookeeper-quorum             the quorum of its ZooKeeper server, one line, when the script
 *                                        started one with it ({@code --with-zookeeper})
 * &lt;dir&gt;/zookeeper/                        that server's directory ({@code scripts/local-zookeeper})
 * &lt;dir&gt;/local-yarn.properties             the ready marker: written once the ResourceManager and
 *                                        all NodeManagers run, removed when the cluster stops
 * &lt;dir&gt;/local-yarn.pid                    the JVM's pid, written by the script when it launches it
 * &lt;dir&gt;/local-yarn.log                    the JVM's output
 * &lt;dir&gt;/work/                             its working directory: RM, NM and container directories
 * </pre>
 */
public record LocalYarnLayout(Path directory) {
    /** The environment variable naming the cluster directory, shared with {@code scripts/local-yarn}. */
    public static final String DIR_ENV = "SPINDLE_LOCAL_YARN_DIR";
    /** The ready marker's name in the cluster directory. */
    public static final String MARKER = "local-yarn.properties";
    /**
     * The cluster JVM's main class, by name: loading the class itself would need the cluster's
     * jars, which the CLI does not have.
     */
    public static final String MAIN_CLASS = "dev.spindle.localyarn.LocalYarnMain";

    /**
     * The file of {@link #confDir()} with the quorum of the ZooKeeper server that
     * {@code scripts/local-yarn start --with-zookeeper} started with the cluster.
     */
    public static final String ZOOKEEPER_QUORUM_FILE = "zookeeper-quorum";

    /** Keys of the ready marker. */
    public static final String PID = "pid";

    public static final String RM_ADDRESS = "resourcemanager.address";
    public static final String RM_WEB_URL = "resourcemanager.webapp.url";
    public static final String CONF_DIR = "conf.dir";
    public static final String NODE_MANAGERS = "nodemanagers";
    public static final String START_MILLIS = "startup.millis";

    public LocalYarnLayout {
        directory = directory.toAbsolutePath().normalize();
    }

    /** {@code <home>/build/local-yarn}: the directory of the cluster of an installation. */
    public static LocalYarnLayout defaultOf(Path home) {
        return new LocalYarnLayout(home.resolve("build").resolve("local-yarn"));
    }

    public Path confDir() {
        return directory.resolve("conf");
    }

    /** Where {@code scripts/local-yarn start --with-zookeeper} writes its ZooKeeper server's quorum. */
    public Path zooKeeperQuorumFile() {
        return confDir().resolve(ZOOKEEPER_QUORUM_FILE);
    }

    public Path workDir() {
        return directory.resolve("work");
    }

    public Path marker() {
        return directory.resolve(MARKER);
    }

    /**
     * The ready marker of a cluster whose JVM still runs; empty when there is no marker, or when it
     * names a process that is gone (a cluster that was killed leaves its marker behind).
     *
     * @param alive whether the process of a pid runs
     */
    public Optional<Properties> running(LongPredicate alive) throws IOException {
        Properties marker = new Properties();
        try (Reader in = Files.newBufferedReader(marker())) {
            marker.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(marker.getProperty(PID, "").trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return alive.test(pid) ? Optional.of(marker) : Optional.empty();
    }

    /** Whether the process {@code pid} runs and, where the OS tells, is a local YARN cluster. */
    public static boolean isClusterProcess(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p ->
                        p.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(true))
                .orElse(false);
    }
}
