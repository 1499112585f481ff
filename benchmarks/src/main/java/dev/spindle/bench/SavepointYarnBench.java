package dev.spindle.bench;

import dev.spindle.bench.YarnBenchCluster.Submitted;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;

/**
 * The YARN part of the savepoint benchmark ({@code scripts/bench savepoint --yarn},
 * docs/benchmarks.md): the keyed count {@code dev.spindle.examples.KeyedCount} (discarding sink,
 * a checkpoint every {@code --interval-ms}, at most {@code --rate} records a second) submitted
 * per-job and detached, as a user does ({@code spindle run -t yarn-per-job -d}, parallelism 2, two
 * TaskManager containers of one slot). Once every task runs, every key has been counted (each
 * subtask has generated {@code --keys} records) and a checkpoint taken after that completed, it
 * runs {@code spindle stop --savepoint-path <dir> -yid <appId> <jobId>} as a process and measures,
 * from that command's start, the savepoint's path printed, YARN reporting the application ended
 * (polled every {@value JobProbes#POLL_MILLIS} ms) and the command's return. Fails unless the command
 * succeeded, the application ended SUCCEEDED and the savepoint's {@code _metadata} exists.
 *
 * <pre>
 * SavepointYarnBench --spindle scripts/spindle --jar EXAMPLES_JAR --conf-dir DIR --work DIR
 *                    [--runs N] [--keys K] [--rate R] [--interval-ms MS]
 * </pre>
 */
public final class SavepointYarnBench extends YarnBench<SavepointYarnBench.Arguments, SavepointYarnBench.Stop> {
    private static final Pattern STOPPING = Pattern.compile("(Stopping job) \\S+ with a savepoint");
    private static final Pattern SAVEPOINT_PATH = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private SavepointYarnBench(Arguments args, YarnBenchCluster cluster) {
        super(args, cluster, "bench: yarn run ");
    }

    public static void main(String[] argv) throws Exception {
        YarnBench.main("SavepointYarnBench", argv, Arguments::parse, SavepointYarnBench::new);
    }

    @Override
    Stop run(int run) throws Exception {
        Path dir = args.work().resolve("yarn-run-" + run);
        Files.createDirectories(dir);
        Submitted submitted = cluster.submit(label(run), submitCommand(args, dir), dir, "run-" + run);
        RestClient rest = submitted.rest();
        JobId job = submitted.job();

        JobDetailsResponse running = JobProbes.await(rest, job, d -> d.allTasksRunningTime() > 0, "every task running");
        // Each subtask generates rate / 2 records a second and sees every key after --keys of them.
        long everyKeyAt = running.allTasksRunningTime() + args.keys() * 2 * 1000 / args.rate();
        CheckpointingStatistics checkpoints = JobProbes.awaitCheckpoints(
                rest,
                job,
                stats -> JobProbes.firstCheckpointAfter(stats, everyKeyAt) >= 0,
                "no checkpoint completed after every key was counted");
        log.printf("bench: yarn run %d: every key counted and a checkpoint completed after that%n", run);

        long baseline = checkpointsCommandMillis(run, dir, submitted.app(), job);
        return stop(run, dir, submitted.app(), job, checkpoints, baseline);
    }

    /**
     * The baseline of a stop: the same client with the same cluster options reading the job's
     * checkpoints ({@code spindle checkpoints -yid <appId> <jobId>}), a whole process, in ms.
     */
    private long checkpointsCommandMillis(int run, Path dir, ApplicationId app, JobId job) throws Exception {
        List<String> command = List.of(
                args.spindle().toString(),
                "checkpoints",
                "--yarn-conf-dir",
                args.confDir().toString(),
                "-yid",
                app.toString(),
                job.toString());
        CliProcess cli = cluster.run(label(run), command, dir, Map.of(), "checkpoints-" + run, "spindle checkpoints");
        return System.currentTimeMillis() - cli.startMillis();
    }

    /** Runs {@code spindle stop} and times it, and YARN's report of the application's end, from its start. */
    private Stop stop(
            int run, Path dir, ApplicationId app, JobId job, CheckpointingStatistics checkpoints, long baseline)
            throws Exception {
        CompletableFuture<String> requested = new CompletableFuture<>();
        CompletableFuture<String> path = new CompletableFuture<>();
        List<String> command = List.of(
                args.spindle().toString(),
                "stop",
                "--yarn-conf-dir",
                args.confDir().toString(),
                "--savepoint-path",
                dir.resolve("savepoints").toUri().toString(),
                "-yid",
                app.toString(),
                job.toString());
        CompletableFuture<Long> requestedAt = requested.thenApply(p -> System.currentTimeMillis());
        CompletableFuture<Long> pathAt = path.thenApply(p -> System.currentTimeMillis());
        CliProcess stop = cluster.start(
                label(run), command, dir, Map.of(STOPPING, requested, SAVEPOINT_PATH, path), "stop-" + run);
        ApplicationReport end = cluster.awaitEnd(app, JobProbes.POLL_MILLIS);
        long endedAt = System.currentTimeMillis();
        int exit = stop.waitFor(JobProbes.TIMEOUT_MILLIS / 1000);
        long returnedAt = System.currentTimeMillis();
        String savepoint = path.getNow(null);
        long[] size = {-1, -1};
        if (savepoint != null && Files.exists(Path.of(URI.create(savepoint)).resolve("_metadata"))) {
            size = SavepointBench.directorySize(savepoint);
        }
        return new Stop(
                run,
                medianCheckpointMillis(checkpoints),
                checkpoints.latest().completed().stateSize(),
                baseline,
                requestedAt.isDone() ? requestedAt.get() - stop.startMillis() : -1,
                pathAt.isDone() ? pathAt.get() - stop.startMillis() : -1,
                endedAt - stop.startMillis(),
                returnedAt - stop.startMillis(),
                exit,
                end.getYarnApplicationState() + "/" + end.getFinalApplicationStatus(),
                savepoint,
                size[0]);
    }

    static List<String> submitCommand(Arguments args, Path dir) {
        // an hour's worth of records: the job runs until it is stopped
        KeyedCountOptions job =
                new KeyedCountOptions(args.rate() * 3600, args.keys(), args.intervalMillis(), null, args.rate());
        return keyedCountCommand(args, List.of(), dir, job);
    }

    /** The median duration of the completed checkpoints in the job's recent history; -1 without any. */
    static long medianCheckpointMillis(CheckpointingStatistics stats) {
        List<CheckpointStatistics> completed = stats.history().stream()
                .filter(c -> "COMPLETED".equals(c.status()) && !c.savepoint())
                .toList();
        return Figures.median(completed, CheckpointStatistics::endToEndDuration);
    }

    @Override
    List<String> report(List<Stop> stops, PrintStream out) {
        Stop.printFigures(args, stops, out);
        return Stop.problems(stops);
    }

    /** The command line of the driver: {@code --name value} options. */
    record Arguments(
            Path spindle, Path jar, Path confDir, Path work, int runs, long keys, long rate, long intervalMillis)
            implements YarnBench.Arguments {
        static final String USAGE = "usage: SavepointYarnBench --spindle CLI --jar EXAMPLES_JAR --conf-dir DIR"
                + " --work DIR [--runs N] [--keys K] [--rate R] [--interval-ms MS]";

        static Arguments parse(String[] argv) {
            BenchOptions a = BenchOptions.parse(
                    argv,
                    List.of("spindle", "jar", "conf-dir", "work"),
                    List.of("runs", "keys", "rate", "interval-ms"),
                    false,
                    USAGE);
            return new Arguments(
                    a.path("spindle"),
                    a.path("jar"),
                    a.path("conf-dir"),
                    a.path("work"),
                    (int) a.number("runs", 1, 1, 1000),
                    a.number("keys", 100_000, 1, Long.MAX_VALUE / 2000),
                    a.number("rate", 50_000, 1, Long.MAX_VALUE / 3600),
                    a.number("interval-ms", 1000, 1, Long.MAX_VALUE));
        }
    }

    /**
     * One stop on YARN; times in ms from the {@code spindle stop} command's start, -1 when not seen.
     *
     * @param checkpointMillis the median duration of the job's recent checkpoints before the stop
     * @param checkpointBytes the state size of its latest completed checkpoint
     * @param checkpointsCommand the baseline: a {@code spindle checkpoints} command of the same job, start to exit
     * @param toRequest to the command saying it asks the job to stop (the client's start-up: JVM,
     *     YARN client, finding the JobManager)
     * @param toSavepointPath to the command printing the savepoint's path
     * @param toAppEnded to YARN reporting the application ended
     * @param toCommandReturned to the command's exit
     * @param finalState YARN's state and final status, e.g. FINISHED/SUCCEEDED
     * @param savepointBytes the bytes in the savepoint's directory, -1 when it has no {@code _metadata}
     */
    record Stop(
            int run,
            long checkpointMillis,
            long checkpointBytes,
            long checkpointsCommand,
            long toRequest,
            long toSavepointPath,
            long toAppEnded,
            long toCommandReturned,
            int exitCode,
            String finalState,
            String savepoint,
            long savepointBytes) {

        static void printFigures(Arguments a, List<Stop> stops, PrintStream out) {
            out.println("yarn_runs=" + stops.size());
            out.println("yarn_keys=" + a.keys());
            out.println("yarn_rate_records_per_s=" + a.rate());
            out.println("yarn_checkpoint_interval_ms=" + a.intervalMillis());
            out.println("yarn_checkpoint_median_ms=" + Figures.median(stops, Stop::checkpointMillis));
            out.println("yarn_checkpoint_state_bytes=" + Figures.median(stops, Stop::checkpointBytes));
            out.println("yarn_stop_to_request_ms=" + Figures.median(stops, Stop::toRequest));
            out.println("yarn_stop_to_savepoint_path_ms=" + Figures.median(stops, Stop::toSavepointPath));
            out.println("yarn_stop_to_app_finished_ms=" + Figures.median(stops, Stop::toAppEnded));
            out.println("yarn_stop_command_ms=" + Figures.median(stops, Stop::toCommandReturned));
            out.println("yarn_stop_to_app_finished_runs_ms=" + Figures.all(stops, Stop::toAppEnded));
            out.println("yarn_stop_command_runs_ms=" + Figures.all(stops, Stop::toCommandReturned));
            out.println("yarn_savepoint_dir_bytes=" + Figures.median(stops, Stop::savepointBytes));
            long command = Figures.median(stops, Stop::toCommandReturned);
            long baseline = Figures.median(stops, Stop::checkpointsCommand);
            out.println("yarn_checkpoints_command_ms=" + baseline);
            out.println("yarn_stop_command_vs_checkpoints_command_ratio=" + Figures.ratio(command, baseline));
            out.println("yarn_stop_exit_codes=" + Figures.all(stops, Stop::exitCode));
            out.println("yarn_final_status="
                    + String.join(
                            ",", stops.stream().map(Stop::finalState).distinct().toList()));
        }

        /** The checks that failed, each as a phrase; empty when all hold. */
        static List<String> problems(List<Stop> stops) {
            List<String> problems = new ArrayList<>();
            for (Stop s : stops) {
                if (s.exitCode != 0) {
                    problems.add("run " + s.run + ": spindle stop exited " + s.exitCode);
                }
                if (!"FINISHED/SUCCEEDED".equals(s.finalState)) {
                    problems.add(
                            "run " + s.run + ": the application ended " + s.finalState + ", not FINISHED/SUCCEEDED");
                }
                if (s.savepointBytes <= 0) {
                    problems.add("run " + s.run + ": no savepoint at " + s.savepoint);
                }
            }
            return problems;
        }
    }
}
