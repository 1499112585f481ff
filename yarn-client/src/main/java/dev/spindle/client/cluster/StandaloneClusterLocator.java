package dev.spindle.client.cluster;

import dev.spindle.cluster.entrypoint.JobManagerMain;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.ha.zookeeper.ZooKeeperLeaderLookup;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Finds a running cluster the way {@code scripts/standalone-cluster} leaves it: in its directory,
 * the JobManager's {@value JobManagerMain#INFO_FILE} names the REST address and the secret file.
 * The directory is the one given, else {@value #CLUSTER_DIR_ENV}, else
 * {@code <spindle.home>/build/standalone}, the script's default. An address given instead
 * ({@code -m}) bypasses the directory; its secret comes from the option or
 * {@value ClusterSecret#FILE_ENV}.
 *
 * <p>The environment and the installation directory are constructor arguments, so that tests can
 * exercise every rule without changing the process's environment.
 */
public final class StandaloneClusterLocator {
    /** The environment variable naming the cluster directory, shared with {@code scripts/standalone-cluster}. */
    public static final String CLUSTER_DIR_ENV = "SPINDLE_CLUSTER_DIR";
    /** The system property with the repository (installation) root, set by {@code scripts/spindle}. */
    public static final String HOME_PROPERTY = "spindle.home";

    private static final String SCRIPT = "scripts/standalone-cluster";

    private final Map<String, String> environment;
    private final String home;

    /**
     * @param environment the process environment (only {@value #CLUSTER_DIR_ENV} and
     *                    {@value ClusterSecret#FILE_ENV} are read)
     * @param home the installation directory, or null when spindle was not started by its script
     */
    public StandaloneClusterLocator(Map<String, String> environment, String home) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.home = home == null || home.isBlank() ? null : home;
    }

    /** The locator of this process: its environment and {@value #HOME_PROPERTY}. */
    public static StandaloneClusterLocator ofThisProcess() {
        return new StandaloneClusterLocator(System.getenv(), System.getProperty(HOME_PROPERTY));
    }

    /**
     * The cluster directory: {@code option} if given, else {@value #CLUSTER_DIR_ENV}, else the
     * default of the installation; relative paths are taken from the working directory.
     *
     * @throws IllegalArgumentException if there is none of them, which is a usage error
     */
    public Path clusterDirectory(Path option) {
        if (option != null) {
            return absolute(option);
        }
        String fromEnvironment = environment.get(CLUSTER_DIR_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return absolute(Path.of(fromEnvironment));
        }
        Path standard = defaultDirectory();
        if (standard == null) {
            throw new IllegalArgumentException("no cluster given: pass --cluster-dir <dir> or -m <url>, or set "
                    + CLUSTER_DIR_ENV + " (there is no default when spindle is not started by scripts/spindle)");
        }
        return standard;
    }

    /** The cluster whose directory is {@code dir}; fails unless its JobManager has announced itself there. */
    public ClusterEndpoint inDirectory(Path dir) throws ClusterAccessException {
        Path directory = absolute(dir);
        Path info = directory.resolve(JobManagerMain.INFO_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(info)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new ClusterAccessException(
                    "no standalone cluster running in " + directory + "; start one with " + startCommand(directory), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterAccessException(
                    "cannot read " + info + " (" + e.getMessage() + "); restart the cluster "
                            + restartAdvice(directory),
                    e);
        }
        String rest = p.getProperty("rest.address");
        URI address;
        try {
            address = rest == null ? null : httpAddress(rest);
        } catch (IllegalArgumentException e) {
            address = null;
        }
        if (address == null) {
            throw new ClusterAccessException(
                    info + " has no valid rest.address; restart the cluster " + restartAdvice(directory));
        }
        String secret = p.getProperty("secret.file");
        String description = "the standalone cluster in " + directory;
        return new ClusterEndpoint(
                address,
                secret == null ? null : Path.of(secret),
                description,
                "is it still running? See " + directory.resolve("jobmanager.log") + ", and restart it "
                        + restartAdvice(directory));
    }

    /**
     * A JobManager at an address given on the command line.
     *
     * @param address {@code http://host:port} or {@code host:port}
     * @param secretFile the secret's file, or null for {@value ClusterSecret#FILE_ENV} (or none)
     * @throws IllegalArgumentException if the address is malformed, which is a usage error
     */
    public ClusterEndpoint atAddress(String address, Path secretFile) {
        URI uri = httpAddress(address);
        return new ClusterEndpoint(
                uri,
                secretOrEnvironment(secretFile),
                "the JobManager at " + uri,
                "check the address given with -m/--jobmanager, and that the JobManager runs");
    }

    /**
     * The JobManager that leads the standalone cluster of {@code config}'s high-availability
     * options now, as it published itself in ZooKeeper: with standby JobManagers the address
     * changes with each failover, and this finds it from any machine. While no JobManager leads (a
     * failover in progress), waits for one at most {@code high-availability.zookeeper.client.connection-timeout}.
     *
     * @param secretFile the secret's file, or null for {@value ClusterSecret#FILE_ENV} (or none)
     * @throws ClusterAccessException if ZooKeeper does not answer, or no JobManager leads in time
     */
    public ClusterEndpoint ofLeader(Configuration config, Path secretFile) throws ClusterAccessException {
        String clusterId = config.get(HighAvailabilityOptions.CLUSTER_ID);
        clusterId = clusterId == null || clusterId.isBlank()
                ? HighAvailabilityServicesFactory.STANDALONE_CLUSTER_ID
                : clusterId.trim();
        Duration wait = config.get(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT);
        String quorum = config.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM);
        LeaderInformation leader;
        try {
            leader = ZooKeeperLeaderLookup.await(config, clusterId, wait);
        } catch (IOException e) {
            throw new ClusterAccessException(e.getMessage(), e);
        }
        if (leader == null) {
            throw new ClusterAccessException("no JobManager leads cluster '" + clusterId + "' (ZooKeeper at " + quorum
                    + "): start one with scripts/standalone-cluster start, or check "
                    + HighAvailabilityOptions.CLUSTER_ID.key());
        }
        URI uri = httpAddress(leader.restAddress());
        return new ClusterEndpoint(
                uri,
                secretOrEnvironment(secretFile),
                "the leader of cluster '" + clusterId + "' (" + uri + ")",
                "a failover may be in progress: try again, and check the JobManagers of cluster '" + clusterId + "'");
    }

    private Path secretOrEnvironment(Path secretFile) {
        Path secret = secretFile;
        if (secret == null) {
            String fromEnvironment = environment.get(ClusterSecret.FILE_ENV);
            secret = fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
        }
        return secret == null ? null : absolute(secret);
    }

    /** {@code http://host:port}, also from {@code host:port}; nothing else (no path, no user info). */
    static URI httpAddress(String text) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "the JobManager address must be http://host:port, got '" + text + "'", e);
        }
        boolean pathless = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null
                || uri.getPort() < 0
                || !pathless
                || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the JobManager address must be http://host:port, got '" + text + "'");
        }
        return URI.create("http://" + uri.getRawAuthority());
    }

    private Path defaultDirectory() {
        return home == null ? null : absolute(Path.of(home, "build", "standalone"));
    }

    /** The script's command line that starts a cluster in this directory; the variable only where it is needed. */
    private String startCommand(Path directory) {
        return isDefault(directory) ? SCRIPT + " start" : CLUSTER_DIR_ENV + "=" + directory + " " + SCRIPT + " start";
    }

    private String restartAdvice(Path directory) {
        String variable = isDefault(directory) ? "" : " (" + CLUSTER_DIR_ENV + "=" + directory + ")";
        return "with " + SCRIPT + " stop and start" + variable;
    }

    private boolean isDefault(Path directory) {
        return directory.equals(defaultDirectory());
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
