package dev.spindle.client.yarn;

import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.ha.zookeeper.ZooKeeperHaLeftovers;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The high-availability data (ZooKeeper nodes, files in {@code high-availability.storageDir}) of
 * YARN applications that ended without deleting it: an ApplicationMaster deletes it itself when the
 * application ends for good, but not when its last attempt is killed (SIGKILL, a lost node), and
 * YARN then ends the application FAILED. Two places remove it: the attached client once it sees its
 * application end ({@link #afterEnd}), and {@code spindle clean} ({@link #sweep}).
 *
 * <p>Only applications that YARN reports ended are touched: the data of a running application is
 * its recovery, and a cluster id YARN does not know may be another YARN cluster's, sharing the
 * quorum. The job result store stays, as after a clean end.
 */
public final class HighAvailabilityLeftovers {
    /** What a sweep did (or would do, in a dry run). */
    public record Sweep(int removed, int kept, int failed) {}

    private HighAvailabilityLeftovers() {}

    /**
     * After the application of {@code report} ended: removes its HA data if high availability is on
     * in {@code config}; says so on {@code progress}. Never throws: this runs on the way out.
     */
    public static void afterEnd(Configuration config, ApplicationReport report, PrintStream progress) {
        if (!HighAvailabilityOptions.enabled(config)) {
            return;
        }
        String clusterId = config.get(HighAvailabilityOptions.CLUSTER_ID);
        if (clusterId == null || clusterId.isBlank()) {
            clusterId = report.getApplicationId().toString();
        }
        try (ZooKeeperHaLeftovers leftovers = ZooKeeperHaLeftovers.connect(config)) {
            String deleted = leftovers.delete(clusterId.trim());
            if (deleted != null) {
                progress.println("Removed the high-availability data that application " + report.getApplicationId()
                        + " left (it ended " + report.getYarnApplicationState() + "): " + deleted);
            }
        } catch (IOException | RuntimeException e) {
            progress.println("Could not remove the high-availability data of application " + report.getApplicationId()
                    + ": " + e.getMessage() + "; 'spindle clean' removes it later");
        }
        progress.flush();
    }

    /**
     * Removes the HA data of every application YARN reports ended (cluster ids that are not
     * application ids, and those YARN does not know, are kept). Nothing happens when high
     * availability is off in {@code config}.
     *
     * @param out one line per removal, failure or (dry run) would-be removal
     * @throws IOException when ZooKeeper or the storage directory cannot be listed
     */
    public static Sweep sweep(Configuration config, YarnClient yarn, boolean dryRun, Consumer<String> out)
            throws IOException, YarnException {
        if (!HighAvailabilityOptions.enabled(config)) {
            return new Sweep(0, 0, 0);
        }
        int removed = 0;
        int kept = 0;
        int failed = 0;
        try (ZooKeeperHaLeftovers leftovers = ZooKeeperHaLeftovers.connect(config)) {
            for (String clusterId : leftovers.clusterIds()) {
                String ended = endedState(yarn, clusterId);
                if (ended == null) {
                    kept++;
                    continue;
                }
                String reason = "application " + clusterId + " has ended (" + ended + ")";
                if (dryRun) {
                    out.accept("Would remove the high-availability data of " + clusterId + ": " + reason);
                    removed++;
                    continue;
                }
                try {
                    String deleted = leftovers.delete(clusterId);
                    if (deleted != null) {
                        out.accept("Removed " + deleted + ": " + reason);
                        removed++;
                    }
                } catch (IOException | RuntimeException e) {
                    out.accept("Could not remove the high-availability data of " + clusterId + " (" + reason + "): "
                            + e.getMessage());
                    failed++;
                }
            }
        }
        return new Sweep(removed, kept, failed);
    }

    /** The state of the application {@code clusterId} names if it has ended; null otherwise. */
    private static String endedState(YarnClient yarn, String clusterId) throws IOException, YarnException {
        ApplicationId appId;
        try {
            appId = ApplicationId.fromString(clusterId);
        } catch (IllegalArgumentException e) {
            return null; // a standalone cluster's, or one the user named
        }
        try {
            YarnApplicationState state = yarn.getApplicationReport(appId).getYarnApplicationState();
            return ApplicationMonitor.ENDED.contains(state) ? state.name() : null;
        } catch (ApplicationNotFoundException e) {
            return null; // maybe another YARN cluster's, sharing the quorum
        }
    }
}
