package dev.spindle.client.yarn;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Follows a submitted application until its ApplicationMaster serves, printing progress on stderr:
 * each state change, a hint when it has waited long for resources, and failures with YARN's
 * diagnostics and the command that shows the logs.
 */
final class ApplicationMonitor {
    static final Set<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private final YarnClient yarn;
    private final PrintStream progress;
    private final Duration resourceHintAfter;
    private final Duration poll;

    /** @param poll how often YARN is asked for the report ({@code client.yarn.poll-interval}) */
    ApplicationMonitor(YarnClient yarn, PrintStream progress, Duration resourceHintAfter, Duration poll) {
        this.yarn = yarn;
        this.progress = progress;
        this.resourceHintAfter = resourceHintAfter;
        this.poll = poll;
    }

    /**
     * Waits until the application runs and its AM has registered the REST endpoint.
     *
     * @return the REST URL
     * @throws ApplicationEndedException when the application ends first (with its diagnostics)
     */
    String awaitRestEndpoint(ApplicationId appId)
            throws ClusterDeploymentException, IOException, YarnException, InterruptedException {
        long start = System.nanoTime();
        boolean hinted = false;
        YarnApplicationState last = null;
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(appId);
            YarnApplicationState state = report.getYarnApplicationState();
            if (state != last) {
                progress.println("Application " + appId + " is " + state);
                last = state;
            }
            if (ENDED.contains(state)) {
                throw new ApplicationEndedException(report);
            }
            if (state == YarnApplicationState.RUNNING && report.getRpcPort() > 0) {
                return "http://" + report.getHost() + ":" + report.getRpcPort();
            }
            if (!hinted
                    && state != YarnApplicationState.RUNNING
                    && System.nanoTime() - start > resourceHintAfter.toNanos()) {
                progress.println("Still waiting for YARN to start the ApplicationMaster after "
                        + resourceHintAfter.toSeconds() + " s: the queue '" + report.getQueue()
                        + "' may lack free resources (see the ResourceManager's web UI)");
                hinted = true;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Waits until the application has ended; returns its last report. */
    ApplicationReport awaitEnd(ApplicationId appId, Duration timeout)
            throws IOException, YarnException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ApplicationReport report = yarn.getApplicationReport(appId);
        while (!ENDED.contains(report.getYarnApplicationState()) && System.nanoTime() < deadline) {
            Thread.sleep(poll.toMillis());
            report = yarn.getApplicationReport(appId);
        }
        return report;
    }

    static String endedMessage(ApplicationReport report) {
        String diagnostics =
                report.getDiagnostics() == null || report.getDiagnostics().isBlank()
                        ? "no diagnostics"
                        : report.getDiagnostics().strip().replace('\n', ' ');
        return "application " + report.getApplicationId() + " ended " + report.getYarnApplicationState() + "/"
                + report.getFinalApplicationStatus() + ": " + diagnostics + "; its logs: yarn logs -applicationId "
                + report.getApplicationId();
    }
}
