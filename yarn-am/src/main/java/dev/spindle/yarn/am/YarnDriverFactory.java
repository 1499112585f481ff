package dev.spindle.yarn.am;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.driver.YarnDriverOptions;
import dev.spindle.yarn.driver.YarnResourceDriver;
import dev.spindle.yarn.launch.TaskManagerLaunchContexts;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The real driver of the ApplicationMaster: TaskManagers localize the spec's classpath from the
 * staging directory, run with the AM's {@code JAVA_HOME} and the cluster configuration (a file the
 * AM writes into the staging directory, never their command line), get the
 * AM's credentials (the cluster secret; not the AMRM token) and register at the JobManager's RPC
 * address. The AM registers with the ResourceManager with the REST endpoint's host and port (where
 * clients find it in the application report) and its URL as the tracking URL.
 */
final class YarnDriverFactory implements ResourceDriverFactory {
    private final YarnConfiguration yarnConfig;

    YarnDriverFactory(YarnConfiguration yarnConfig) {
        this.yarnConfig = yarnConfig;
    }

    @Override
    public YarnResourceDriver create(ClusterSpec spec, InetSocketAddress rpcAddress, String trackingUrl)
            throws IOException {
        Configuration config = Configuration.fromMap(spec.configuration());
        // Clients find the REST endpoint at the registered host and port of the application report.
        URI rest = URI.create(trackingUrl);
        Path staging = new Path(URI.create(spec.stagingDirectory()));
        FileSystem fs = staging.getFileSystem(yarnConfig);
        TaskManagerLaunchContexts contexts = new TaskManagerLaunchContexts(
                TaskManagerLaunchContexts.stagedFiles(
                        fs, staging, spec.classpath(), spec.sharedFiles(), spec.providedFiles()),
                spec.classpath(),
                UserGroupInformation.getCurrentUser().getCredentials(),
                javaHome(),
                config,
                TaskManagerLaunchContexts.writeConfiguration(fs, staging, config),
                rpcAddress.getHostString() + ":" + rpcAddress.getPort());
        return new YarnResourceDriver(
                yarnConfig, contexts, YarnDriverOptions.of(config, rest.getHost(), rest.getPort(), trackingUrl));
    }

    /** The client set the AM's JAVA_HOME for the cluster's nodes; the TaskManagers get the same. */
    private static String javaHome() {
        String env = System.getenv("JAVA_HOME");
        return env == null || env.isBlank() ? System.getProperty("java.home") : env;
    }
}
