package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Which cluster {@code run}, {@code list} and {@code cancel} talk to. With {@code -t} it is that
 * target. Without it:
 * <ol>
 *   <li>a standalone cluster's options ({@code --cluster-dir}, {@code -m}, {@code --secret-file})
 *       choose that standalone cluster;
 *   <li>a YARN session named explicitly ({@code -yid}, {@code -D yarn.application.id}) chooses it;
 *   <li>a {@code .yarn-properties-<user>} file (written by {@code scripts/yarn-session}) chooses the
 *       session it names, as in Flink;
 *   <li>otherwise {@code run} stays local, and {@code list} and {@code cancel} use the standalone
 *       cluster of the default cluster directory.
 * </ol>
 * Options that belong to another target than the chosen one are a usage error.
 */
final class ClusterSelection {
    static final String LOCAL = "local";
    static final String STANDALONE = "standalone";
    static final String YARN_SESSION = "yarn-session";
    static final String YARN_PER_JOB = "yarn-per-job";
    static final String YARN_APPLICATION = YarnApplicationRun.NAME;

    private final CommandSpec spec;
    private final ClusterLocationOptions standalone;
    private final YarnSessionOptions yarn;
    private final Configuration config;

    /**
     * @param config the command's {@code -D} options (yarn.application.id, yarn.properties-file.location,
     *     yarn.staging-directory)
     */
    ClusterSelection(
            CommandSpec spec, ClusterLocationOptions standalone, YarnSessionOptions yarn, Configuration config) {
        this.spec = spec;
        this.standalone = standalone;
        this.yarn = yarn;
        this.config = config;
    }

    /** The target by the rule of the class comment; {@code fallback} when nothing chooses one. */
    String target(String explicitTarget, String fallback) {
        String target = explicitTarget != null ? explicitTarget : implicitTarget(fallback);
        switch (target) {
            case LOCAL -> {
                requireNoStandaloneOptions();
                requireNoYarnSession();
            }
            case STANDALONE -> requireNoYarnSession();
            case YARN_SESSION -> requireNoStandaloneOptions();
            case YARN_PER_JOB, YARN_APPLICATION -> {
                requireNoStandaloneOptions();
                requireNoYarnSession();
            }
            default ->
                throw usage("target '" + target + "' is not supported yet; supported: " + LOCAL + ", " + STANDALONE
                        + ", " + YARN_SESSION + ", " + YARN_PER_JOB + ", " + YARN_APPLICATION + " (run only)");
        }
        return target;
    }

    private void requireNoStandaloneOptions() {
        if (standalone.anyGiven()) {
            throw usage("--cluster-dir, -m and --secret-file apply to -t " + STANDALONE + " only");
        }
    }

    private void requireNoYarnSession() {
        if (yarn.explicit(config)) {
            throw usage("-yid and yarn.application.id apply to -t " + YARN_SESSION + " only");
        }
    }

    private String implicitTarget(String fallback) {
        if (standalone.anyGiven()) {
            return STANDALONE;
        }
        if (yarn.explicit(config) || YarnSessionOptions.propertiesFileNamesASession(config)) {
            return YARN_SESSION;
        }
        return fallback;
    }

    /** The connection to the cluster of a {@link #STANDALONE} or {@link #YARN_SESSION} target. */
    ClusterConnection connect(String target, boolean authenticated) throws ClusterAccessException {
        if (YARN_PER_JOB.equals(target) || YARN_APPLICATION.equals(target)) {
            throw usage(
                    "-t " + target + " applies to run only: a per-job or application cluster is reached as the YARN "
                            + "session it is, with -t " + YARN_SESSION + " -yid <appId>");
        }
        return YARN_SESSION.equals(target)
                ? yarn.connect(spec, config, authenticated)
                : ClusterConnection.open(
                        standalone.endpoint(spec, config),
                        authenticated,
                        config.get(ClientOptions.REST_REQUEST_TIMEOUT));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
