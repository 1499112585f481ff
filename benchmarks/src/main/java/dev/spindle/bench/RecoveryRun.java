package dev.spindle.bench;

import dev.spindle.bench.RecoveryBench.Recovery;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * One run of W4 ({@link RecoveryBench}): the initial deployment (the baseline), the recovery after
 * the kill and the check of the committed output; {@link #printFigures} turns the runs into the
 * benchmark's {@code name=value} lines.
 *
 * @param submitToRunning from the {@code spindle run} command's start to every task running
 * @param initialDeploy from the JobMaster's start of the job to every task running: two
 *     TaskManager containers requested, started and registered, the tasks deployed
 */
record RecoveryRun(
        int run,
        long submitToRunning,
        long initialDeploy,
        Recovery recovery,
        String finalStatus,
        long lines,
        long lost,
        long duplicated,
        long unexpected) {

    boolean exact() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    /** The figures of all runs: medians (and the maximum and every run's value of the recovery times). */
    static void printFigures(RecoveryArguments a, List<RecoveryRun> runs, PrintStream out) {
        long running = median(runs, r -> r.recovery().toRunning());
        long deploy = median(runs, RecoveryRun::initialDeploy);
        out.println("records=" + a.records());
        out.println("keys=" + a.keys());
        out.println("rate_records_per_s=" + a.rate());
        out.println("parallelism=2");
        out.println("taskmanager_slots=1");
        out.println("checkpoint_interval_ms=" + a.intervalMillis());
        out.println("restart_strategy=fixed-delay");
        out.println("restart_delay_ms=" + a.restartDelayMillis());
        out.println("extra_settings=" + (a.settings().isEmpty() ? "none" : String.join(";", a.settings())));
        out.println("runs=" + runs.size());
        out.println("submit_to_running_ms=" + median(runs, RecoveryRun::submitToRunning));
        out.println("initial_deploy_ms=" + deploy);
        out.println("kill_to_restarting_ms=" + median(runs, r -> r.recovery().toRestarting()));
        out.println("kill_to_running_ms=" + running);
        out.println("kill_to_running_max_ms=" + max(runs, r -> r.recovery().toRunning()));
        out.println("kill_to_running_runs_ms=" + all(runs, r -> r.recovery().toRunning()));
        out.println("kill_to_checkpoint_ms=" + median(runs, r -> r.recovery().toCheckpoint()));
        out.println("kill_to_checkpoint_max_ms=" + max(runs, r -> r.recovery().toCheckpoint()));
        out.println("kill_to_checkpoint_runs_ms=" + all(runs, r -> r.recovery().toCheckpoint()));
        out.println("restarts=" + all(runs, r -> r.recovery().restarts()));
        out.println("lines=" + all(runs, RecoveryRun::lines));
        out.println("lost=" + runs.stream().mapToLong(RecoveryRun::lost).sum());
        out.println(
                "duplicated=" + runs.stream().mapToLong(RecoveryRun::duplicated).sum());
        out.println(
                "unexpected=" + runs.stream().mapToLong(RecoveryRun::unexpected).sum());
        out.println("final_status="
                + runs.stream().map(RecoveryRun::finalStatus).distinct().collect(Collectors.joining(",")));
        out.printf(Locale.ROOT, "kill_to_running_vs_initial_deploy_ratio=%.2f%n", (double) running / deploy);
    }

    /** The lower median (nearest rank), so that it is one run's value. */
    static long median(List<RecoveryRun> runs, ToLongFunction<RecoveryRun> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values.length == 0 ? -1 : values[(values.length - 1) / 2];
    }

    private static long max(List<RecoveryRun> runs, ToLongFunction<RecoveryRun> figure) {
        return runs.stream().mapToLong(figure).max().orElse(-1);
    }

    private static String all(List<RecoveryRun> runs, ToLongFunction<RecoveryRun> figure) {
        return runs.stream().map(r -> Long.toString(figure.applyAsLong(r))).collect(Collectors.joining(","));
    }
}
