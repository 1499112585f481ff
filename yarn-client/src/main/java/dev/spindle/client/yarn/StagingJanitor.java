package dev.spindle.client.yarn;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Removes what ended applications left behind: their staging directories in {@code .spindle/}
 * (which hold a copy of the cluster secret) and a {@code .yarn-properties-<user>} file that names
 * one. Leftovers come from clients killed during the upload (before YARN knew the application, so
 * nothing else ever removes them) and from ApplicationMasters killed with SIGKILL.
 *
 * <p>A staging directory goes when YARN reports its application ended (FINISHED, FAILED, KILLED)
 * or does not know it (never submitted, or forgotten since), and it has not changed for the grace
 * period: a deployment still uploading has a directory that YARN does not know yet. Directories of
 * applications that have not ended, the shared cache ({@code .spindle/cache}) and names that are
 * not application ids are never touched. The staging directory must belong to the one YARN
 * cluster asked: another cluster's applications are unknown to it.
 *
 * <p>Each removal is one line on {@code out}. Not thread-safe; one sweep at a time.
 */
public final class StagingJanitor {
    /** What a sweep of the staging directories did (or would do, in a dry run). */
    public record Sweep(int removed, int keptRunning, int keptYoung, int failed) {}

    private final Configuration hadoopConfig;
    private final YarnClient yarn;
    private final Duration grace;
    private final boolean dryRun;
    private final Consumer<String> out;

    /**
     * @param yarn a started client of the cluster the applications ran on
     * @param grace how long a directory must have been unchanged before it goes
     * @param dryRun only say what would be removed
     * @param out where the one line per removal goes
     */
    public StagingJanitor(
            Configuration hadoopConfig, YarnClient yarn, Duration grace, boolean dryRun, Consumer<String> out) {
        this.hadoopConfig = hadoopConfig;
        this.yarn = yarn;
        this.grace = grace;
        this.dryRun = dryRun;
        this.out = out;
    }

    /**
     * Sweeps {@code .spindle/} under {@code stagingRoot} ({@code yarn.staging-directory}; null: the
     * home directory).
     *
     * @param deadline when to stop looking at further directories (a deployment's bound), or null
     * @throws IOException when {@code .spindle/} cannot be listed
     * @throws YarnException when YARN cannot be asked
     */
    public Sweep sweepStagingDirectories(String stagingRoot, Instant deadline) throws IOException, YarnException {
        Path spindle = StagingArea.spindleDirectoryOf(hadoopConfig, stagingRoot);
        FileSystem fs = spindle.getFileSystem(hadoopConfig);
        if (!fs.exists(spindle)) {
            return new Sweep(0, 0, 0, 0);
        }
        int removed = 0;
        int running = 0;
        int young = 0;
        int failed = 0;
        long now = System.currentTimeMillis();
        for (FileStatus entry : fs.listStatus(spindle)) {
            if (deadline != null && Instant.now().isAfter(deadline)) {
                break;
            }
            ApplicationId appId = applicationIdOf(entry);
            if (appId == null) {
                continue; // the shared cache, or not ours
            }
            if (now - entry.getModificationTime() < grace.toMillis()) {
                young++;
                continue;
            }
            String reason = endedOrUnknown(appId);
            if (reason == null) {
                running++;
            } else if (remove(fs, entry.getPath(), reason)) {
                removed++;
            } else {
                failed++;
            }
        }
        return new Sweep(removed, running, young, failed);
    }

    /**
     * Removes the properties file if it names an application that has ended or that YARN does not
     * know (no grace: it is written only once its session runs).
     *
     * @return whether it was (or, in a dry run, would be) removed
     */
    public boolean sweepPropertiesFile(YarnPropertiesFile file) throws IOException, YarnException {
        String named = file.readApplicationId();
        if (named == null) {
            return false;
        }
        ApplicationId appId;
        try {
            appId = ApplicationId.fromString(named);
        } catch (IllegalArgumentException e) {
            return false; // not one we wrote; leave it to its owner
        }
        String reason = endedOrUnknown(appId);
        if (reason == null) {
            return false;
        }
        if (!dryRun) {
            file.removeIfFor(named);
        }
        out.accept((dryRun ? "Would remove " : "Removed ") + file.path() + ": " + reason);
        return true;
    }

    private static ApplicationId applicationIdOf(FileStatus entry) {
        if (!entry.isDirectory() || !entry.getPath().getName().startsWith("application_")) {
            return null;
        }
        try {
            return ApplicationId.fromString(entry.getPath().getName());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why the application's leftovers may go, or null while it has not ended. */
    private String endedOrUnknown(ApplicationId appId) throws IOException, YarnException {
        try {
            YarnApplicationState state = yarn.getApplicationReport(appId).getYarnApplicationState();
            return ApplicationMonitor.ENDED.contains(state)
                    ? "application " + appId + " has ended (" + state + ")"
                    : null;
        } catch (ApplicationNotFoundException e) {
            return "YARN does not know application " + appId;
        }
    }

    private boolean remove(FileSystem fs, Path directory, String reason) {
        if (dryRun) {
            out.accept("Would remove " + directory + ": " + reason);
            return true;
        }
        try {
            if (fs.delete(directory, true) || !fs.exists(directory)) {
                out.accept("Removed " + directory + ": " + reason);
                return true;
            }
            out.accept("Could not remove " + directory + " (" + reason + ")");
        } catch (IOException e) {
            out.accept("Could not remove " + directory + " (" + reason + "): " + e.getMessage());
        }
        return false;
    }

    /** A grace period as people write it: {@code 1 h}, {@code 30 min}, {@code 10 s}, {@code 0 s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
