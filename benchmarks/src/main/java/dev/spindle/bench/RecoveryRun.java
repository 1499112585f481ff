package dev.spindle.bench;

import static dev.spindle.bench.Figures.median;

import dev.spindle.bench.RecoveryBench.Recovery;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

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
        return check().exact();
    }

    ExactlyOnceCheck.Result check() {
        return new ExactlyOnceCheck.Result(lines, lost, duplicated, unexpected);
    }

    /** The first run that lost or duplicated output or did not succeed; none when all passed. */
    static List<String> problems(List<RecoveryRun> runs) {
        for (RecoveryRun r : runs) {
            if (!r.exact() || !"SUCCEEDED".equals(r.finalStatus)) {
                return List.of("run " + r.run + " lost " + r.lost + " and duplicated " + r.duplicated + " lines ("
                        + r.unexpected + " unexpected), application " + r.finalStatus
                        + ": recovery is not exactly-once");
            }
        }
        return List.of();
    }

    /** The figures of all runs: medians (and the maximum and every run's value of the recovery times). */
    static void printFigures(RecoveryArguments a, List<RecoveryRun> runs, PrintStream out) {
        long running = median(runs, r -> r.recovery().toRunning());
        long deploy = median(runs, RecoveryRun::initialDeploy);
        Figures.printKeyedCountJob(out, a.records(), a.keys(), a.rate(), a.intervalMillis());
        out.println("restart_strategy=fixed-delay");
        out.println("restart_delay_ms=" + a.restartDelayMillis());
        Figures.printSettings(out, a.settings());
        out.println("runs=" + runs.size());
        out.println("submit_to_running_ms=" + median(runs, RecoveryRun::submitToRunning));
        out.println("initial_deploy_ms=" + deploy);
        out.println("kill_to_restarting_ms=" + median(runs, r -> r.recovery().toRestarting()));
        Figures.printKillTimes(
                out, runs, r -> r.recovery().toRunning(), r -> r.recovery().toCheckpoint());
        out.println("restarts=" + Figures.all(runs, r -> r.recovery().restarts()));
        Figures.printOutputCheck(out, runs, RecoveryRun::check, RecoveryRun::finalStatus);
        out.printf(Locale.ROOT, "kill_to_running_vs_initial_deploy_ratio=%.2f%n", (double) running / deploy);
    }
}
