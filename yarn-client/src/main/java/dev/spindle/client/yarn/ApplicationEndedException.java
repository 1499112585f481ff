package dev.spindle.client.yarn;

import org.apache.hadoop.yarn.api.records.ApplicationReport;

/**
 * The application ended before its ApplicationMaster's REST endpoint was seen. For a session or a
 * per-job cluster that is a failed deployment; an application-mode cluster may simply have been
 * that quick (its main() threw at once), so the report is kept for the caller to judge.
 */
public final class ApplicationEndedException extends ClusterDeploymentException {
    private static final long serialVersionUID = 1L;

    private final transient ApplicationReport report;

    ApplicationEndedException(ApplicationReport report) {
        super(ApplicationMonitor.endedMessage(report));
        this.report = report;
    }

    /** YARN's last report of the application: its final status and diagnostics. */
    public ApplicationReport report() {
        return report;
    }
}
