package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterEndpoint;
import dev.spindle.client.cluster.StandaloneClusterLocator;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that say which cluster a command talks to, shared (as a Picocli mixin) by
 * {@code run -t standalone}, {@code list} and {@code cancel}: a cluster directory, where
 * {@code scripts/standalone-cluster} keeps the JobManager's address and secret, or an explicit
 * JobManager address with its secret file, or, with high availability on in the configuration and
 * neither given, the leader that ZooKeeper names. The rules are {@link StandaloneClusterLocator}'s.
 */
final class ClusterLocationOptions {
    @Option(
            names = "--cluster-dir",
            paramLabel = "<dir>",
            order = 20,
            description = "The directory of a standalone cluster (as in scripts/standalone-cluster). Default: with "
                    + "high availability on (high-availability.type: zookeeper), the leader that ZooKeeper names for "
                    + "high-availability.cluster-id; else $" + StandaloneClusterLocator.CLUSTER_DIR_ENV
                    + ", else build/standalone of the Spindle installation.")
    private Path clusterDir;

    @Option(
            names = {"-m", "--jobmanager"},
            paramLabel = "<url>",
            order = 21,
            description = "The REST address of a JobManager, http://host:port, instead of a cluster directory.")
    private String jobManager;

    @Option(
            names = "--secret-file",
            paramLabel = "<file>",
            order = 22,
            description = "With -m, or with high availability: the file with the cluster secret, which submitting "
                    + "and cancelling need. Default: $SPINDLE_CLUSTER_SECRET_FILE.")
    private Path secretFile;

    /** Whether any of these options was given (they make no sense for the local target). */
    boolean anyGiven() {
        return clusterDir != null || jobManager != null || secretFile != null;
    }

    /**
     * The cluster the options name, read from its directory unless an address is given.
     *
     * @throws ParameterException for contradicting or malformed options (a usage error)
     * @throws ClusterAccessException if no cluster runs in the directory
     */
    ClusterEndpoint endpoint(CommandSpec spec, Configuration config) throws ClusterAccessException {
        if (jobManager != null && clusterDir != null) {
            throw new ParameterException(spec.commandLine(), "give either --cluster-dir or -m/--jobmanager, not both");
        }
        boolean fromLeader = jobManager == null && clusterDir == null && HighAvailabilityOptions.enabled(config);
        if (secretFile != null && jobManager == null && !fromLeader) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--secret-file goes with -m/--jobmanager or high availability; a cluster directory names its "
                            + "own secret file");
        }
        StandaloneClusterLocator locator = StandaloneClusterLocator.ofThisProcess();
        try {
            if (fromLeader) {
                return locator.ofLeader(config, secretFile);
            }
            return jobManager != null
                    ? locator.atAddress(jobManager, secretFile)
                    : locator.inDirectory(locator.clusterDirectory(clusterDir));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
