package dev.spindle.client.yarn;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * What a client removes when an application it started must not outlive it (a deployment that did
 * not complete, an attached client that is stopped): the application, if it still runs, and its
 * staging directory. Failures are reported on the progress stream with what to do by hand, never
 * thrown: this runs on the way out.
 */
final class ApplicationCleanup {
    private ApplicationCleanup() {}

    /** Kills {@code appId} unless YARN reports it ended; says so on {@code progress}. */
    static boolean killIfRunning(YarnClient yarn, ApplicationId appId, String reason, PrintStream progress) {
        boolean killed = false;
        try {
            if (!ApplicationMonitor.ENDED.contains(
                    yarn.getApplicationReport(appId).getYarnApplicationState())) {
                yarn.killApplication(appId, reason);
                progress.println("Killed application " + appId);
                killed = true;
            }
        } catch (IOException | YarnException | RuntimeException e) {
            progress.println("Could not kill application " + appId + ": " + YarnErrors.describe(e)
                    + "; kill it with: yarn application -kill " + appId);
        }
        progress.flush();
        return killed;
    }

    /** Deletes the staging directory (gone already is fine). */
    static void deleteStagingDirectory(Configuration hadoopConfig, Path stagingDirectory, PrintStream progress) {
        try {
            StagingArea.delete(hadoopConfig, stagingDirectory);
        } catch (IOException | RuntimeException e) {
            progress.println(
                    "Could not delete the staging directory " + stagingDirectory + ": " + YarnErrors.describe(e));
        }
        progress.flush();
    }
}
