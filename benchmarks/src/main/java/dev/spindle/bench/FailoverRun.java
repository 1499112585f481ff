package dev.spindle.bench;

import static dev.spindle.bench.Figures.median;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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

    /** The first run that lost or duplicated output, did not keep its containers or did not succeed; none when all passed. */
    static List<String> problems(List<FailoverRun> runs) {
        return runs.stream().filter(r -> !r.passed()).findFirst().map(FailoverRun::problem).stream()
                .toList();
    }

    private String problem() {
        return "run " + run + ": " + check + ", TaskManager containers " + before + " before the kill, " + after
                + " after (new: " + newContainers() + "), application " + finalStatus
                + ": the failover is not exactly-once with kept containers";
    }

    /** The figures of all runs: medians (and the maximum and every run's value of the failover times). */
    static void printFigures(FailoverArguments a, List<FailoverRun> runs, PrintStream out) {
        long running = median(runs, r -> r.failover().toRunning());
        long baseline = median(runs, FailoverRun::appStartToRunning);
        Figures.printKeyedCountJob(out, a.records(), a.keys(), a.rate(), a.intervalMillis());
        out.println("high_availability=zookeeper");
        Figures.printSettings(out, a.settings());
        out.println("runs=" + runs.size());
        out.println("submit_to_running_ms=" + median(runs, FailoverRun::submitToRunning));
        out.println("app_start_to_running_ms=" + baseline);
        out.println("kill_to_attempt_ms=" + median(runs, r -> r.failover().toAttempt()));
        out.println(
                "kill_to_attempt_running_ms=" + median(runs, r -> r.failover().toAttemptRunning()));
        out.println("kill_to_rest_ms=" + median(runs, r -> r.failover().toRest()));
        Figures.printKillTimes(
                out, runs, r -> r.failover().toRunning(), r -> r.failover().toCheckpoint());
        out.println("containers_kept="
                + runs.stream().map(r -> Boolean.toString(r.containersKept())).collect(Collectors.joining(",")));
        out.println(
                "taskmanager_containers=" + Figures.all(runs, r -> r.before().size()));
        out.println("new_taskmanager_containers="
                + runs.stream().mapToLong(r -> r.newContainers().size()).sum());
        Figures.printOutputCheck(out, runs, FailoverRun::check, FailoverRun::finalStatus);
        out.printf(Locale.ROOT, "kill_to_running_vs_app_start_to_running_ratio=%.2f%n", (double) running / baseline);
    }
}
