package dev.spindle.client.yarn;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * Finds the directory of the YARN cluster's client configuration ({@code yarn-site.xml},
 * {@code core-site.xml}), as Hadoop's own tools do, with the embedded cluster as the fallback:
 * <ol>
 *   <li>{@value #HADOOP_CONF_DIR}, else</li>
 *   <li>{@value #YARN_CONF_DIR}, else</li>
 *   <li>the {@code conf/} directory of the local YARN cluster ({@code scripts/local-yarn}) in
 *       {@value LocalYarnLayout#DIR_ENV}, else in {@code <spindle.home>/build/local-yarn}, if that
 *       cluster is running.</li>
 * </ol>
 * A variable that is set must name a directory; a blank one counts as unset.
 *
 * <p>The environment, the installation directory and the process check are constructor
 * arguments, so that tests can exercise every rule without changing the process's environment.
 */
public final class YarnConfLocator {
    public static final String HADOOP_CONF_DIR = "HADOOP_CONF_DIR";
    public static final String YARN_CONF_DIR = "YARN_CONF_DIR";
    private static final String SCRIPT = "scripts/local-yarn";

    private final Map<String, String> environment;
    private final Path home;
    private final LongPredicate alive;

    /**
     * @param environment the process environment (only the variables named above are read)
     * @param home the installation directory, or null when spindle was not started by its script
     * @param alive whether the local cluster's JVM of a pid runs
     */
    public YarnConfLocator(Map<String, String> environment, String home, LongPredicate alive) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.home = home == null || home.isBlank() ? null : Path.of(home);
        this.alive = Objects.requireNonNull(alive, "alive");
    }

    /** The locator of this process: its environment and the {@code spindle.home} property. */
    public static YarnConfLocator ofThisProcess() {
        return new YarnConfLocator(
                System.getenv(), System.getProperty("spindle.home"), LocalYarnLayout::isClusterProcess);
    }

    /**
     * The configuration directory to use.
     *
     * @throws ClusterAccessException if a variable names no directory, or none is set and no
     *                                local cluster runs; the message says what to do
     */
    public Path confDirectory() throws ClusterAccessException {
        for (String variable : new String[] {HADOOP_CONF_DIR, YARN_CONF_DIR}) {
            String value = variable(variable);
            if (value != null) {
                Path dir = Path.of(value).toAbsolutePath().normalize();
                if (!Files.isDirectory(dir)) {
                    throw new ClusterAccessException(variable + "=" + value + " is not a directory; set it to the"
                            + " directory of your cluster's yarn-site.xml, or unset it to use the local YARN cluster");
                }
                return dir;
            }
        }
        LocalYarnLayout local = localCluster();
        if (local == null) {
            throw new ClusterAccessException("no YARN cluster configured: set " + HADOOP_CONF_DIR
                    + " to the directory of your cluster's yarn-site.xml, or start a local YARN cluster with "
                    + SCRIPT + " start (there is no default when spindle is not started by scripts/spindle)");
        }
        try {
            if (local.running(alive).isPresent()) {
                return local.confDir();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterAccessException(
                    "cannot read " + local.marker() + " (" + e.getMessage() + "); restart the local YARN cluster with "
                            + SCRIPT + " stop and start",
                    e);
        }
        String variable = variable(LocalYarnLayout.DIR_ENV) == null
                ? ""
                : LocalYarnLayout.DIR_ENV + "=" + local.directory() + " ";
        throw new ClusterAccessException("no YARN cluster configured: " + HADOOP_CONF_DIR + " and " + YARN_CONF_DIR
                + " are unset and no local YARN cluster is running in " + local.directory() + "; start one with "
                + variable + SCRIPT + " start, or set " + HADOOP_CONF_DIR
                + " to the directory of your cluster's yarn-site.xml");
    }

    /** The local cluster's directory: the variable's, else the installation's; null without either. */
    private LocalYarnLayout localCluster() {
        String fromEnvironment = variable(LocalYarnLayout.DIR_ENV);
        if (fromEnvironment != null) {
            return new LocalYarnLayout(Path.of(fromEnvironment));
        }
        return home == null ? null : LocalYarnLayout.defaultOf(home);
    }

    private String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
