package dev.spindle.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The arithmetic of the benchmarks' {@code name=value} figures over several runs or samples, and
 * the lines the YARN benchmarks of the keyed count (W4 and failover) print alike.
 */
final class Figures {
    private Figures() {}

    /** The lower median (nearest rank), so that it is one value seen; -1 without values. */
    static <T> long median(List<T> values, ToLongFunction<T> figure) {
        long[] sorted = values.stream().mapToLong(figure).sorted().toArray();
        return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
    }

    /** The highest value; -1 without values. */
    static <T> long max(List<T> values, ToLongFunction<T> figure) {
        return values.stream().mapToLong(figure).max().orElse(-1);
    }

    /** Every value, in order, joined by commas. */
    static <T> String all(List<T> values, ToLongFunction<T> figure) {
        return values.stream().map(v -> Long.toString(figure.applyAsLong(v))).collect(Collectors.joining(","));
    }

    /** {@code a / b} with three decimals, or {@code n/a} without a positive {@code b}. */
    static String ratio(long a, long b) {
        return b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) a / b);
    }

    /** The keyed count's job: its records, keys, rate and checkpoint interval, parallelism 2 on slots of one. */
    static void printKeyedCountJob(PrintStream out, long records, long keys, long rate, long intervalMillis) {
        out.println("records=" + records);
        out.println("keys=" + keys);
        out.println("rate_records_per_s=" + rate);
        out.println("parallelism=2");
        out.println("taskmanager_slots=1");
        out.println("checkpoint_interval_ms=" + intervalMillis);
    }

    /** The {@code -D} settings a run added to the benchmark's own. */
    static void printSettings(PrintStream out, List<String> settings) {
        out.println("extra_settings=" + (settings.isEmpty() ? "none" : String.join(";", settings)));
    }

    /** From a kill to the job running again and to the next checkpoint: median, maximum and every run's. */
    static <R> void printKillTimes(
            PrintStream out, List<R> runs, ToLongFunction<R> toRunning, ToLongFunction<R> toCheckpoint) {
        out.println("kill_to_running_ms=" + median(runs, toRunning));
        out.println("kill_to_running_max_ms=" + max(runs, toRunning));
        out.println("kill_to_running_runs_ms=" + all(runs, toRunning));
        out.println("kill_to_checkpoint_ms=" + median(runs, toCheckpoint));
        out.println("kill_to_checkpoint_max_ms=" + max(runs, toCheckpoint));
        out.println("kill_to_checkpoint_runs_ms=" + all(runs, toCheckpoint));
    }

    /** The check of every run's committed output (summed over the runs) and the applications' final status. */
    static <R> void printOutputCheck(
            PrintStream out,
            List<R> runs,
            Function<R, ExactlyOnceCheck.Result> check,
            Function<R, String> finalStatus) {
        out.println("lines=" + all(runs, r -> check.apply(r).lines()));
        out.println(
                "lost=" + runs.stream().mapToLong(r -> check.apply(r).lost()).sum());
        out.println("duplicated="
                + runs.stream().mapToLong(r -> check.apply(r).duplicated()).sum());
        out.println("unexpected="
                + runs.stream().mapToLong(r -> check.apply(r).unexpected()).sum());
        out.println("final_status=" + runs.stream().map(finalStatus).distinct().collect(Collectors.joining(",")));
    }
}
