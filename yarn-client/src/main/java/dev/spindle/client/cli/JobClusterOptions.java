package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.client.yarn.YarnSessionClient;
import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options with which the commands that act on a running cluster's jobs ({@code list},
 * {@code cancel}) name that cluster: a target, {@code -D} options (such as
 * {@code yarn.application.id}), and the standalone and YARN session options. One place decides
 * which cluster they mean ({@link ClusterSelection}).
 */
final class JobClusterOptions {
    @Option(
            names = {"-t", "--target"},
            paramLabel = "<target>",
            order = 10,
            description = "The cluster: standalone or yarn-session. Default: the YARN session of -yid, "
                    + "-D yarn.application.id or the .yarn-properties-<user> file if there is one, else standalone.")
    private String target;

    @Option(
            names = "-D",
            paramLabel = "<key=value>",
            order = 11,
            description = "A configuration option, e.g. -D yarn.application.id=<appId>. Repeatable.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    private Configuration configuration = new Configuration();

    /** The YARN application the last {@link #connect} talked to; null for a standalone cluster. */
    private ApplicationId yarnApplication;

    @Mixin
    private ClusterLocationOptions cluster;

    @Mixin
    private YarnSessionOptions yarnSession;

    /**
     * Connects to the cluster the options name.
     *
     * @param spec the command's spec, for usage errors
     * @param what what the command does with the jobs, for the message when no cluster is named
     * @param needsSecret whether the command changes the cluster (and so needs its token)
     */
    /** The configuration of the last {@link #connect} (the file's and -D options); empty before. */
    Configuration configuration() {
        return configuration;
    }

    ClusterConnection connect(CommandSpec spec, String what, boolean needsSecret) throws ClusterAccessException {
        Configuration config = GlobalConfiguration.load();
        dynamicOptions.forEach(config::setString);
        ConfigValidation.check(spec, config);
        configuration = config;
        ClusterSelection selection = new ClusterSelection(spec, cluster, yarnSession, config);
        String chosen = selection.target(target, ClusterSelection.STANDALONE);
        if (ClusterSelection.LOCAL.equals(chosen)) {
            throw new ParameterException(spec.commandLine(), "-t local has no jobs to " + what + ": name a cluster");
        }
        ClusterConnection connection = selection.connect(chosen, needsSecret);
        if (ClusterSelection.YARN_SESSION.equals(chosen)) {
            yarnApplication = yarnSession.applicationId(spec, config);
        }
        return connection;
    }

    /** The YARN application of the last {@link #connect}, or null when the cluster is not on YARN. */
    ApplicationId yarnApplication() {
        return yarnApplication;
    }

    /** A client of YARN for the application of the last {@link #connect}, printing on {@code progress}. */
    YarnSessionClient yarnClient(PrintStream progress) throws ClusterAccessException {
        return new YarnSessionClient(yarnSession.hadoopConfig(), configuration, progress);
    }
}
