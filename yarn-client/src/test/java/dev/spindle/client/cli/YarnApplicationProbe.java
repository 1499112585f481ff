package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * What the high-availability ITs ask YARN about one application: its attempts, the TaskManager
 * containers running under any of them, and its end.
 */
final class YarnApplicationProbe {
    private final YarnClient client;
    private final ApplicationId appId;
    private final long waitMillis;

    YarnApplicationProbe(YarnClient client, ApplicationId appId, long waitMillis) {
        this.client = client;
        this.appId = appId;
        this.waitMillis = waitMillis;
    }

    /** How many attempts YARN has started (0 when it cannot be asked). */
    int attempts() {
        try {
            return client.getApplicationAttempts(appId).size();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The attempts YARN has started, oldest first. */
    List<ApplicationAttemptReport> attemptReports() throws Exception {
        return client.getApplicationAttempts(appId);
    }

    /**
     * The ids of the running TaskManager containers of the application (of any attempt). An attempt
     * whose report names no AM container yet is left out: YARN may list its AM container before the
     * report names it, and it would pass for a TaskManager.
     */
    List<String> taskManagers() {
        try {
            List<String> tms = new ArrayList<>();
            List<String> amContainers = new ArrayList<>();
            List<ApplicationAttemptReport> attempts = client.getApplicationAttempts(appId);
            attempts.forEach(a -> amContainers.add(String.valueOf(a.getAMContainerId())));
            for (ApplicationAttemptReport attempt : attempts) {
                if (attempt.getAMContainerId() == null) {
                    continue;
                }
                for (ContainerReport c : client.getContainers(attempt.getApplicationAttemptId())) {
                    String id = c.getContainerId().toString();
                    if (!amContainers.contains(id)
                            && c.getContainerState() == ContainerState.RUNNING
                            && !tms.contains(id)) {
                        tms.add(id);
                    }
                }
            }
            return tms;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the containers of " + appId, e);
        }
    }

    /** Waits for the application to end, adding the TaskManager containers seen meanwhile to {@code seen}. */
    ApplicationReport awaitEnd(Set<String> seen) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        ApplicationReport report = client.getApplicationReport(appId);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && report.getYarnApplicationState() != YarnApplicationState.FAILED
                && report.getYarnApplicationState() != YarnApplicationState.KILLED) {
            if (System.currentTimeMillis() > deadline) {
                fail("application " + appId + " still " + report.getYarnApplicationState());
            }
            seen.addAll(taskManagers());
            Thread.sleep(200);
            report = client.getApplicationReport(appId);
        }
        return report;
    }

    /** Waits for {@code condition}, failing with {@code state} after the probe's wait. */
    void awaitTrue(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out: " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
