package dev.spindle.client.cli;

import dev.spindle.core.JobStatus;
import dev.spindle.rest.RestMessages.JobOverview;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The table of {@code spindle list}: one line per job, columns aligned. The name may contain
 * spaces, so it comes after the fixed columns and only the restart count follows it: {@code awk
 * '{print $1, $2, $NF}'} gets id, state and restarts. Jobs that have not ended come first, then the
 * ended ones; newest first within each group.
 */
final class JobTable {
    static final String HEADER_ID = "JOB ID";
    private static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** The fixed columns; then the name, padded to the longest, and the restart count. */
    private static final String FORMAT = "%-32s  %-10s  %-19s  %9s  %-";

    private JobTable() {}

    /** The header and one line per job, in display order; empty for no jobs. */
    static List<String> lines(List<JobOverview> jobs, ZoneId zone) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        Comparator<JobOverview> order = Comparator.comparing((JobOverview j) -> ended(j))
                .thenComparing(Comparator.comparingLong(JobOverview::startTime).reversed());
        int nameWidth = Math.max(
                "NAME".length(),
                jobs.stream().mapToInt(j -> name(j).length()).max().orElse(0));
        String format = FORMAT + nameWidth + "s  %8s";
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(Locale.ROOT, format, HEADER_ID, "STATE", "START TIME", "DURATION", "NAME", "RESTARTS"));
        jobs.stream()
                .sorted(order)
                .forEach(j -> lines.add(String.format(
                        Locale.ROOT,
                        format,
                        j.jid(),
                        j.state(),
                        startTime(j.startTime(), zone),
                        duration(j.duration()),
                        name(j),
                        j.restarts())));
        return lines;
    }

    private static String name(JobOverview job) {
        return job.name() == null ? "" : job.name();
    }

    /** Whether the job has reached a terminal state; states this client does not know count as not ended. */
    static boolean ended(JobOverview job) {
        try {
            return JobStatus.valueOf(job.state()).isTerminal();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static String startTime(long epochMillis, ZoneId zone) {
        return epochMillis <= 0
                ? "-"
                : START_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** Short and readable: {@code 850ms}, {@code 12.3s}, {@code 4m 05s}, {@code 2h 07m}. */
    static String duration(long millis) {
        if (millis < 0) {
            return "-";
        }
        Duration d = Duration.ofMillis(millis);
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%dh %02dm", d.toHours(), d.toMinutesPart());
    }
}
