package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.client.cluster.ClusterEndpoint;
import dev.spindle.client.yarn.DeployedCluster;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.client.yarn.YarnConfLocator;
import dev.spindle.client.yarn.YarnPropertiesFile;
import dev.spindle.client.yarn.YarnSessionClient;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that name a YARN session, shared (as a Picocli mixin) by {@code run}, {@code list}
 * and {@code cancel}: the application is {@code -yid}, else {@code -D yarn.application.id}, else the
 * one of the {@code .yarn-properties-<user>} file {@code scripts/yarn-session} wrote. Its REST
 * endpoint is the registered host and port of its YARN application report; its secret is the one
 * the deployer kept in the staging directory ({@code .spindle/<appId>/secret}, readable only by the
 * user who started the session).
 */
final class YarnSessionOptions {
    @Option(
            names = {"-yid", "--yarnapplicationId"},
            paramLabel = "<appId>",
            order = 30,
            description = "The YARN session (application id) to talk to, as -D yarn.application.id. Default: the "
                    + "session named by the .yarn-properties-<user> file (see yarn.properties-file.location).")
    private String applicationId;

    @Option(
            names = "--yarn-conf-dir",
            paramLabel = "<dir>",
            order = 31,
            description = "The directory of yarn-site.xml. Default: $HADOOP_CONF_DIR, $YARN_CONF_DIR, else the "
                    + "local YARN cluster's (scripts/local-yarn).")
    private Path yarnConfDir;

    /** Whether a session is named explicitly (-yid or -D yarn.application.id). */
    boolean explicit(Configuration config) {
        return applicationId != null || config.get(YarnOptions.APPLICATION_ID) != null;
    }

    /** Whether the properties file names a session (then commands without -t talk to it). */
    static boolean propertiesFileNamesASession(Configuration config) {
        try {
            return YarnPropertiesFile.of(config).readApplicationId() != null;
        } catch (IOException e) {
            return false; // unreadable: not ours to use; -t yarn-session then says why
        }
    }

    /**
     * Finds the running session and connects to it.
     *
     * @param authenticated whether requests carry the token of the session's secret
     * @throws ParameterException when no session is named, or its id is malformed
     * @throws ClusterAccessException when it is not a running session, or its secret cannot be read
     */
    ClusterConnection connect(CommandSpec spec, Configuration config, boolean authenticated)
            throws ClusterAccessException {
        ApplicationId appId = applicationId(spec, config);
        YarnConfiguration hadoopConfig = hadoopConfig();
        DeployedCluster session = new YarnSessionClient(
                        hadoopConfig, config, new PrintStream(OutputStream.nullOutputStream()))
                .find(appId);
        ClusterEndpoint endpoint = new ClusterEndpoint(
                URI.create(session.restUrl()),
                null,
                "the YARN session " + appId,
                "is it still running? see 'yarn application -status " + appId + "'");
        return ClusterConnection.open(
                endpoint, authenticated ? session.secret() : null, config.get(ClientOptions.REST_REQUEST_TIMEOUT));
    }

    /** The YARN client configuration: that of --yarn-conf-dir, else the one {@link YarnConfLocator} finds. */
    YarnConfiguration hadoopConfig() throws ClusterAccessException {
        return HadoopConfigs.load(
                yarnConfDir != null
                        ? yarnConfDir
                        : YarnConfLocator.ofThisProcess().confDirectory());
    }

    ApplicationId applicationId(CommandSpec spec, Configuration config) {
        String id = applicationId != null ? applicationId : config.get(YarnOptions.APPLICATION_ID);
        YarnPropertiesFile properties = YarnPropertiesFile.of(config);
        if (id == null) {
            try {
                id = properties.readApplicationId();
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(), "cannot read " + properties.path() + ": " + e.getMessage(), e);
            }
        }
        if (id == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no YARN session named: pass -yid <appId> or -D "
                            + YarnOptions.APPLICATION_ID.key()
                            + "=<appId>, or start one with scripts/yarn-session (which writes "
                            + properties.path() + ")");
        }
        try {
            return ApplicationId.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "'" + id + "' is not a YARN application id", e);
        }
    }
}
