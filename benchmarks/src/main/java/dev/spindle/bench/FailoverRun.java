package dev.spindle.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * One run of the failover benchmark ({@link FailoverBench}): the application's first start (the
 * baseline), the failover after the ApplicationMaster's kill, the TaskManager containers before and
 * after it, and the check of the committed output; {@link #printFigures} turns the runs into the
 * benchmark's {@code name=value} lines.
 *
 * @param submitToRunning from the {@code spindle run} command's start to every task running
 * @param appStartToRunning the baseline: from YARN's start of the application (its report's start
 *     time) to every task running, the work a failover without kept containers repeats: an
 *     ApplicationMaster container allocated and started, the JobManager up, TaskManager containers
 *     requested, started and registered, the tasks deployed
 * @param failover the failover's times from the kill
 * @param before the running TaskManager containers (ids) just before the kill
 * @param after the running TaskManager containers once the job runs again
 * @param seen every running TaskManager container seen from the kill until the job ran again
 */
record FailoverRun(
        int run,
        long submitToRunning,
        long appStartToRunning,
        Failover failover,
        Set<String> before,
        Set<String> after,
        Set<String> seen,
        String finalStatus,
        ExactlyOnceCheck.Result check) {

    /**
     * What the polls saw after the kill; times in ms from it, -1 when not seen.
     *
     * @param toAttempt YARN lists a second application attempt
     * @param toAttemptRunning that attempt is RUNNING (its ApplicationMaster registered)
     * @param toRest the new attempt's REST endpoint (the application's tracking URL) answers for the job
     * @param toRunning the job's {@code all-tasks-running-time} in the new attempt
     * @param toCheckpoint the completion of the first checkpoint triggered after the kill
     */
    record Failover(long toAttempt, long toAttemptRunning, long toRest, long toRunning, long toCheckpoint) {}

    /** The TaskManager containers were kept: the same ones ran before and after, and no other one started. */
    boolean containersKept() {
        return !before.isEmpty() && before.equals(after) && before.containsAll(seen);
    }

    /** The TaskManager containers seen after the kill that did not run before it. */
    Set<String> newContainers() {
        Set<String> added = new TreeSet<>(seen);
        added.addAll(after);
        added.removeAll(before);
        return added;
    }

    /** Nothing lost, duplicated or unexpected, the application SUCCEEDED and its containers were kept. */
    boolean passed() {
        return check.exact() && "SUCCEEDED".equals(finalStatus) && containersKept();
    }

    /** The figures of all runs: medians (and the maximum and every run's value of the failover times). */
    static void printFigures(FailoverArguments a, List<FailoverRun> runs, PrintStream out) {
        long running = median(runs, r -> r.failover().toRunning());
        long baseline = median(runs, FailoverRun::appStartToRunning);
        out.println("records=" + a.records());
        out.println("keys=" + a.keys());
        out.println("rate_records_per_s=" + a.rate());
        out.println("parallelism=2");
        out.println("taskmanager_slots=1");
        out.println("checkpoint_interval_ms=" + a.intervalMillis());
        out.println("high_availability=zookeeper");
        out.println("extra_settings=" + (a.settings().isEmpty() ? "none" : String.join(";", a.settings())));
        out.println("runs=" + runs.size());
        out.println("submit_to_running_ms=" + median(runs, FailoverRun::submitToRunning));
        out.println("app_start_to_running_ms=" + baseline);
        out.println("kill_to_attempt_ms=" + median(runs, r -> r.failover().toAttempt()));
        out.println(
                "kill_to_attempt_running_ms=" + median(runs, r -> r.failover().toAttemptRunning()));
        out.println("kill_to_rest_ms=" + median(runs, r -> r.failover().toRest()));
        out.println("kill_to_running_ms=" + running);
        out.println("kill_to_running_max_ms=" + max(runs, r -> r.failover().toRunning()));
        out.println("kill_to_running_runs_ms=" + all(runs, r -> r.failover().toRunning()));
        out.println("kill_to_checkpoint_ms=" + median(runs, r -> r.failover().toCheckpoint()));
        out.println("kill_to_checkpoint_max_ms=" + max(runs, r -> r.failover().toCheckpoint()));
        out.println("kill_to_checkpoint_runs_ms=" + all(runs, r -> r.failover().toCheckpoint()));
        out.println("containers_kept="
                + runs.stream().map(r -> Boolean.toString(r.containersKept())).collect(Collectors.joining(",")));
        out.println("taskmanager_containers=" + all(runs, r -> r.before().size()));
        out.println("new_taskmanager_containers="
                + runs.stream().mapToLong(r -> r.newContainers().size()).sum());
        out.println("lines=" + all(runs, r -> r.check().lines()));
        out.println("lost=" + runs.stream().mapToLong(r -> r.check().lost()).sum());
        out.println("duplicated="
                + runs.stream().mapToLong(r -> r.check().duplicated()).sum());
        out.println("unexpected="
                + runs.stream().mapToLong(r -> r.check().unexpected()).sum());
        out.println("final_status="
                + runs.stream().map(FailoverRun::finalStatus).distinct().collect(Collectors.joining(",")));
        out.printf(Locale.ROOT, "kill_to_running_vs_app_start_to_running_ratio=%.2f%n", (double) running / baseline);
    }

    /** The lower median (nearest rank), so that it is one run's value. */
    static long median(List<FailoverRun> runs, ToLongFunction<FailoverRun> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values.length == 0 ? -1 : values[(values.length - 1) / 2];
    }

    private static long max(List<FailoverRun> runs, ToLongFunction<FailoverRun> figure) {
        return runs.stream().mapToLong(figure).max().orElse(-1);
    }

    private static String all(List<FailoverRun> runs, ToLongFunction<FailoverRun> figure) {
        return runs.stream().map(r -> Long.toString(figure.applyAsLong(r))).collect(Collectors.joining(","));
    }
}
