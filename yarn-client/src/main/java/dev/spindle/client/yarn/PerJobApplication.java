package dev.spindle.client.yarn;

import dev.spindle.config.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * A deployed per-job or application-mode cluster as YARN sees it: the attached client waits here
 * until the application has ended (the AM ends it with its job, or jobs), and makes sure the staging directory and
 * the high-availability data are gone, which the AM deletes itself unless it was killed first (on its last attempt).
 */
public final class PerJobApplication {
    private final YarnConfiguration hadoopConfig;
    private final Configuration config;
    private final DeployedCluster cluster;
    private final PrintStream progress;
    private final Duration yarnPoll;

    /**
     * @param config the configuration the cluster was deployed with (its high-availability options)
     * @param yarnPoll how often YARN is asked whether the application ended ({@code client.yarn.poll-interval})
     */
    public PerJobApplication(
            YarnConfiguration hadoopConfig,
            Configuration config,
            DeployedCluster cluster,
            PrintStream progress,
            Duration yarnPoll) {
        this.hadoopConfig = hadoopConfig;
        this.config = config;
        this.cluster = cluster;
        this.progress = progress;
        this.yarnPoll = yarnPoll;
    }

    public DeployedCluster cluster() {
        return cluster;
    }

    /**
     * One line on how the application ended: state, final status, YARN's diagnostics and the
     * command that shows its logs.
     */
    public static String describeEnd(ApplicationReport report) {
        return ApplicationMonitor.endedMessage(report);
    }

    /** Blocks until YARN reports the application ended; returns its last report. */
    public ApplicationReport awaitEnd() throws ClusterDeploymentException, InterruptedException {
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(hadoopConfig);
        yarn.start();
        try {
            ApplicationMonitor monitor = new ApplicationMonitor(yarn, progress, Duration.ofSeconds(60), yarnPoll);
            ApplicationReport report = monitor.awaitEnd(cluster.applicationId(), Duration.ofDays(365));
            while (!ApplicationMonitor.ENDED.contains(report.getYarnApplicationState())) {
                report = monitor.awaitEnd(cluster.applicationId(), Duration.ofDays(365));
            }
            StagingArea.delete(hadoopConfig, cluster.stagingDirectory());
            HighAvailabilityLeftovers.afterEnd(config, report, progress);
            return report;
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException(
                    "lost track of application " + cluster.applicationId() + ": " + YarnErrors.describe(e), e);
        } finally {
            yarn.stop();
        }
    }
}
