package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.CheckpointMessages.Counts;
import dev.spindle.rest.CheckpointMessages.RestoredCheckpoint;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle checkpoints <jobid>}: what {@code GET /jobs/{id}/checkpoints} says, for people
 * and for schedulers. The path of the latest completed checkpoint whose files are still there is
 * on a line of its own, {@code latest_checkpoint=<path>}, so that a script that wants to resume
 * the job later finds it with one {@code sed}; that line is the only one scripts should parse.
 */
@Command(
        name = "checkpoints",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Shows a job's checkpoints: how many were triggered, completed and failed, how often the job "
                    + "restarted from one, and the latest completed and failed ones. The latest completed "
                    + "checkpoint's directory, while it exists, is printed on a line of its own: "
                    + "latest_checkpoint=<path>. A job that takes no checkpoints is not an error (exit code 0)."
        })
public final class CheckpointsCommand implements Callable<Integer> {
    /** The prefix of the line with the latest completed checkpoint's path. */
    static final String LATEST_PATH_PREFIX = "latest_checkpoint=";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "<jobid>",
            description = "The job's id: 32 hex digits, as 'spindle list' shows.")
    private String jobIdText;

    @Mixin
    private JobClusterOptions clusterOptions;

    @Override
    public Integer call() throws Exception {
        JobId jobId = parseJobId();
        ClusterConnection connection = connect();
        Optional<CheckpointingStatistics> checkpoints = connection.checkpoints(jobId);
        PrintWriter out = spec.commandLine().getOut();
        if (checkpoints.isEmpty()) {
            out.println("Job " + jobId + " takes no checkpoints (checkpointing is not enabled)");
        } else {
            lines(jobId, checkpoints.get(), ZoneId.systemDefault()).forEach(out::println);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** What the command prints for a job with checkpoints. */
    static List<String> lines(JobId jobId, CheckpointingStatistics s, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        Counts c = s.counts();
        lines.add(String.format(
                Locale.ROOT,
                "Job %s: %d checkpoints triggered, %d completed, %d failed, %d in progress, %d restored",
                jobId,
                c.total(),
                c.completed(),
                c.failed(),
                c.inProgress(),
                c.restored()));
        CheckpointStatistics completed = s.latest().completed();
        if (completed == null) {
            lines.add("Latest completed: none yet");
        } else {
            lines.add(String.format(
                    Locale.ROOT,
                    "Latest completed: checkpoint %d at %s, took %s, %s of state%s",
                    completed.id(),
                    time(completed.latestAckTimestamp(), zone),
                    JobTable.duration(completed.endToEndDuration()),
                    bytes(completed.stateSize()),
                    Boolean.TRUE.equals(completed.discarded()) ? "; its files are deleted" : ""));
        }
        CheckpointStatistics failed = s.latest().failed();
        if (failed != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Latest failed: checkpoint %d at %s: %s",
                    failed.id(),
                    time(
                            failed.failureTimestamp() == null ? failed.triggerTimestamp() : failed.failureTimestamp(),
                            zone),
                    failed.failureMessage()));
        }
        RestoredCheckpoint restored = s.latest().restored();
        if (restored != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Last restored: checkpoint %d at %s",
                    restored.id(),
                    time(restored.restoreTimestamp(), zone)));
        }
        if (completed != null && !Boolean.TRUE.equals(completed.discarded()) && completed.externalPath() != null) {
            lines.add(LATEST_PATH_PREFIX + completed.externalPath());
        }
        return lines;
    }

    private static String time(long epochMillis, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** 812 B, 4.2 KiB, 13.0 MiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    private JobId parseJobId() {
        try {
            return JobId.fromHex(jobIdText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "<jobid> must be 32 hex digits, got '" + jobIdText + "'");
        }
    }

    private ClusterConnection connect() throws ClusterAccessException {
        return clusterOptions.connect(spec, "show the checkpoints of", false);
    }
}
