package dev.spindle.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;

/**
 * A benchmark of the keyed count on a YARN cluster (W4, failover, savepoints on YARN). Its driver's
 * {@code main} is {@link #main}: parse the command line (exit 2 with one line naming the problem),
 * run the benchmark {@code --runs} times with one YARN client, print the figures as {@code
 * name=value} lines on stdout, and exit 1 naming the checks that failed. A subclass has only what is
 * its own: one run, its figures and its checks.
 *
 * @param <A> the driver's command line
 * @param <R> what one run measured
 */
abstract class YarnBench<A extends YarnBench.Arguments, R> {
    /** What the command line of every YARN benchmark has. */
    interface Arguments {
        /** The Spindle CLI, {@code scripts/spindle}. */
        Path spindle();

        /** The jar of the examples, with the keyed count. */
        Path jar();

        /** The cluster's Hadoop configuration directory. */
        Path confDir();

        int runs();

        /** {@code -D key=value} settings of the {@code spindle run} command, after the benchmark's own. */
        default List<String> settings() {
            return List.of();
        }
    }

    final A args;
    final YarnBenchCluster cluster;
    final PrintStream log = System.err;
    private final String label;

    /** @param label the prefix of the progress lines of a run, e.g. {@code bench: run } */
    YarnBench(A args, YarnBenchCluster cluster, String label) {
        this.args = args;
        this.cluster = cluster;
        this.label = label;
    }

    /** The prefix of the progress lines of run {@code number}, e.g. {@code bench: run 1}. */
    String label(int number) {
        return label + number;
    }

    abstract R run(int number) throws Exception;

    /** What the progress line says of a finished run. */
    String describe(R run) {
        return run.toString();
    }

    /**
     * Waits until the application has ended (polled every 200 ms) and checks the keyed count's
     * committed output in {@code output}: {@code records} records over {@code keys} keys.
     */
    Ended awaitEnd(ApplicationId app, Path output, long records, long keys) throws Exception {
        ApplicationReport end = cluster.awaitEnd(app, 200);
        return new Ended(
                end.getFinalApplicationStatus().name(), ExactlyOnceCheck.checkDirectory(output, records, keys));
    }

    /** An application's final status and the check of its committed output. */
    record Ended(String finalStatus, ExactlyOnceCheck.Result check) {}

    /** Prints the figures of all runs; returns the checks that failed, each as a phrase, none when all held. */
    abstract List<String> report(List<R> runs, PrintStream out);

    /** The {@code main} of a driver named {@code driver}. */
    static <A extends Arguments, R> void main(
            String driver,
            String[] argv,
            Function<String[], A> parse,
            BiFunction<A, YarnBenchCluster, YarnBench<A, R>> create)
            throws Exception {
        A args = BenchOptions.parseOrExit(driver, argv, parse);
        List<R> runs = new ArrayList<>();
        YarnBench<A, R> bench;
        try (YarnBenchCluster cluster = YarnBenchCluster.connect(args.confDir())) {
            bench = create.apply(args, cluster);
            for (int i = 1; i <= args.runs(); i++) {
                R run = bench.run(i);
                bench.log.println(bench.label(i) + "/" + args.runs() + ": " + bench.describe(run));
                runs.add(run);
            }
        }
        List<String> problems = bench.report(runs, System.out);
        if (!problems.isEmpty()) {
            System.err.println(driver + ": " + String.join("; ", problems));
            System.exit(1);
        }
    }

    /**
     * The detached per-job {@code spindle run} command of the keyed count: the benchmark's {@code
     * settings}, one slot per TaskManager and checkpoints under {@code dir}, then the user's settings,
     * all as {@code -D} options; parallelism 2; the program's {@code --output} only where it has one.
     */
    static List<String> keyedCountCommand(Arguments a, List<String> settings, Path dir, KeyedCountOptions job) {
        List<String> all = new ArrayList<>(settings);
        all.add("taskmanager.numberOfTaskSlots=1");
        all.add("state.checkpoints.dir=" + dir.resolve("checkpoints").toUri());
        all.addAll(a.settings());
        List<String> command = new ArrayList<>(List.of(
                a.spindle().toString(),
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "--yarn-conf-dir",
                a.confDir().toString()));
        for (String setting : all) {
            command.add("-D");
            command.add(setting);
        }
        command.addAll(
                List.of("-p", "2", "-c", YarnBenchCluster.KEYED_COUNT, a.jar().toString()));
        command.addAll(List.of(
                "--records",
                Long.toString(job.records()),
                "--keys",
                Long.toString(job.keys()),
                "--parallelism",
                "2",
                "--checkpoint-interval",
                Long.toString(job.intervalMillis())));
        if (job.output() != null) {
            command.addAll(List.of("--output", job.output().toString()));
        }
        command.addAll(List.of("--rate", Long.toString(job.rate())));
        return command;
    }

    /** The program options of the keyed count; {@code output} null for its discarding sink. */
    record KeyedCountOptions(long records, long keys, long intervalMillis, Path output, long rate) {}
}
