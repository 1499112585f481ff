package dev.spindle.client.yarn;

import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.rest.client.RestClient;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Finds a running session by its application id and stops it: {@code DELETE /cluster} with the
 * token from the secret the deployer kept in the staging directory, then waits for the application
 * to end and makes sure the staging directory is gone.
 */
public final class YarnSessionClient {

    private final YarnConfiguration hadoopConfig;
    private final Configuration config;
    private final PrintStream progress;

    public YarnSessionClient(YarnConfiguration hadoopConfig, Configuration config, PrintStream progress) {
        this.hadoopConfig = hadoopConfig;
        this.config = config;
        this.progress = progress;
    }

    /**
     * Stops the session {@code appId}; one that has already ended (killed through YARN, say) only
     * has its staging directory removed, which its AM may not have done.
     *
     * @return the application's last report
     */
    public ApplicationReport stop(ApplicationId appId) throws ClusterDeploymentException, InterruptedException {
        ApplicationReport report;
        try (YarnClient yarn = startClient()) {
            report = yarn.getApplicationReport(appId);
            if (ApplicationMonitor.ENDED.contains(report.getYarnApplicationState())) {
                progress.println("Session " + appId + " has already ended (" + report.getYarnApplicationState() + ")");
                StagingArea.delete(hadoopConfig, stagingDirectory(appId));
                return report;
            }
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException("cannot find the session " + appId + ": " + YarnErrors.describe(e), e);
        }
        return stop(find(appId));
    }

    /** Blocks until the application has ended (however that happens); returns its last report. */
    public ApplicationReport awaitEnd(ApplicationId appId) throws ClusterDeploymentException, InterruptedException {
        try (YarnClient yarn = startClient()) {
            ApplicationMonitor monitor = new ApplicationMonitor(
                    yarn, progress, Duration.ofSeconds(60), config.get(ClientOptions.YARN_POLL_INTERVAL));
            ApplicationReport report = monitor.awaitEnd(appId, Duration.ofDays(365));
            while (!ApplicationMonitor.ENDED.contains(report.getYarnApplicationState())) {
                report = monitor.awaitEnd(appId, Duration.ofDays(365));
            }
            HighAvailabilityLeftovers.afterEnd(config, report, progress);
            return report;
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException(
                    "lost track of the session " + appId + ": " + YarnErrors.describe(e), e);
        }
    }

    /**
     * Waits until the application has ended, at most {@code timeout}; returns its last report (whose
     * state is still RUNNING when it did not end in time).
     */
    public ApplicationReport awaitEnd(ApplicationId appId, Duration timeout)
            throws ClusterDeploymentException, InterruptedException {
        try (YarnClient yarn = startClient()) {
            return new ApplicationMonitor(
                            yarn, progress, Duration.ofSeconds(60), config.get(ClientOptions.YARN_POLL_INTERVAL))
                    .awaitEnd(appId, timeout);
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException(
                    "lost track of the application " + appId + ": " + YarnErrors.describe(e), e);
        }
    }

    /** Whether the report says the application has ended (FINISHED, FAILED or KILLED). */
    public static boolean ended(ApplicationReport report) {
        return ApplicationMonitor.ENDED.contains(report.getYarnApplicationState());
    }

    private Path stagingDirectory(ApplicationId appId) throws IOException {
        return StagingArea.directoryOf(hadoopConfig, config.get(YarnOptions.STAGING_DIRECTORY), appId);
    }

    /** The running session {@code appId}, with its REST URL and secret. */
    public DeployedCluster find(ApplicationId appId) throws ClusterDeploymentException {
        try (YarnClient yarn = startClient()) {
            ApplicationReport report = yarn.getApplicationReport(appId);
            if (report.getYarnApplicationState() != YarnApplicationState.RUNNING || report.getRpcPort() <= 0) {
                throw new ClusterDeploymentException("application " + appId + " is not a running session ("
                        + report.getYarnApplicationState() + ")");
            }
            Path staging = stagingDirectory(appId);
            return new DeployedCluster(
                    appId, "http://" + report.getHost() + ":" + report.getRpcPort(), readSecret(staging), staging);
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException("cannot find the session " + appId + ": " + YarnErrors.describe(e), e);
        }
    }

    /**
     * Stops the session and waits until YARN reports it ended.
     *
     * @return the application's last report
     */
    public ApplicationReport stop(DeployedCluster session) throws ClusterDeploymentException, InterruptedException {
        try (YarnClient yarn = startClient()) {
            Duration stopTimeout = config.get(ClientOptions.YARN_STOP_TIMEOUT);
            new RestClient(URI.create(session.restUrl()), session.secret(), config.get(ClientOptions.REST_TIMEOUT))
                    .shutDownCluster();
            progress.println("Stopping session " + session.applicationId());
            ApplicationReport report = new ApplicationMonitor(
                            yarn, progress, Duration.ofSeconds(60), config.get(ClientOptions.YARN_POLL_INTERVAL))
                    .awaitEnd(session.applicationId(), stopTimeout);
            if (!ApplicationMonitor.ENDED.contains(report.getYarnApplicationState())) {
                yarn.killApplication(session.applicationId(), "did not stop within " + stopTimeout.toSeconds() + " s");
                progress.println("The session did not stop within " + stopTimeout.toSeconds() + " s; killed it");
                report = yarn.getApplicationReport(session.applicationId());
            }
            // The AM deletes it on a normal stop; a killed one may not have.
            StagingArea.delete(hadoopConfig, session.stagingDirectory());
            return report;
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException(
                    "could not stop the session " + session.applicationId() + ": " + YarnErrors.describe(e), e);
        }
    }

    private ClusterSecret readSecret(Path staging) throws ClusterDeploymentException {
        Path file = new Path(staging, YarnDeployer.SECRET_FILE);
        try {
            FileSystem fs = file.getFileSystem(hadoopConfig);
            try (InputStream in = fs.open(file)) {
                return ClusterSecret.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new ClusterDeploymentException(
                    "cannot read the session's secret " + file + ": " + YarnErrors.describe(e)
                            + " (only the user who started the session can stop it; set yarn.staging-directory as it was then)",
                    e);
        }
    }

    private YarnClient startClient() {
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(hadoopConfig);
        yarn.start();
        return yarn;
    }
}
