package dev.spindle.bench;

import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * The YARN part of the savepoint benchmark ({@code scripts/bench savepoint --yarn},
 * docs/benchmarks.md): the keyed count {@code dev.spindle.examples.KeyedCount} (discarding sink,
 * a checkpoint every {@code --interval-ms}, at most {@code --rate} records a second) submitted
 * per-job and detached, as a user does ({@code spindle run -t yarn-per-job -d}, parallelism 2, two
 * TaskManager containers of one slot). Once every task runs, every key has been counted (each
 * subtask has generated {@code --keys} records) and a checkpoint taken after that completed, it
 * runs {@code spindle stop --savepoint-path <dir> -yid <appId> <jobId>} as a process and measures,
 * from that command's start, the savepoint's path printed, YARN reporting the application ended
 * (polled every {@value #POLL_MILLIS} ms) and the command's return. Fails unless the command
 * succeeded, the application ended SUCCEEDED and the savepoint's {@code _metadata} exists.
 *
 * <pre>
 * SavepointYarnBench --spindle scripts/spindle --jar EXAMPLES_JAR --conf-dir DIR --work DIR
 *                    [--runs N] [--keys K] [--rate R] [--interval-ms MS]
 * </pre>
 */
public final class SavepointYarnBench {
    private static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern REST_URL = Pattern.compile("REST endpoint (http://\\S+)");
    private static final Pattern STOPPING = Pattern.compile("(Stopping job) \\S+ with a savepoint");
    private static final Pattern SAVEPOINT_PATH = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    static final long POLL_MILLIS = 20;
    private static final long TIMEOUT_MILLIS = 300_000;

    private final Arguments args;
    private final YarnClient yarn;
    private final PrintStream log = System.err;

    private SavepointYarnBench(Arguments args, YarnClient yarn) {
        this.args = args;
        this.yarn = yarn;
    }

    public static void main(String[] argv) throws Exception {
        Arguments args;
        try {
            args = Arguments.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("SavepointYarnBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Stop> stops = new ArrayList<>();
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(HadoopConfigs.load(args.confDir()));
            yarn.start();
            SavepointYarnBench bench = new SavepointYarnBench(args, yarn);
            for (int i = 1; i <= args.runs(); i++) {
                Stop stop = bench.run(i);
                bench.log.println("bench: yarn run " + i + "/" + args.runs() + ": " + stop);
                stops.add(stop);
            }
        }
        Stop.printFigures(args, stops, System.out);
        List<String> problems = Stop.problems(stops);
        if (!problems.isEmpty()) {
            System.err.println("SavepointYarnBench: " + String.join("; ", problems));
            System.exit(1);
        }
    }

    private Stop run(int run) throws Exception {
        Path dir = args.work().resolve("yarn-run-" + run);
        Files.createDirectories(dir);
        CompletableFuture<String> appId = new CompletableFuture<>();
        CompletableFuture<String> jobId = new CompletableFuture<>();
        CompletableFuture<String> restUrl = new CompletableFuture<>();
        List<String> submit = submitCommand(args, dir);
        log.println("bench: yarn run " + run + ": " + String.join(" ", submit));
        CliProcess cli = CliProcess.start(
                submit,
                Map.of("HADOOP_CONF_DIR", args.confDir().toString()),
                dir,
                Map.of(SUBMITTED_APP, appId, SUBMITTED_JOB, jobId, REST_URL, restUrl),
                log,
                "run-" + run);
        if (cli.waitFor(TIMEOUT_MILLIS / 1000) != 0) {
            throw new IllegalStateException("spindle run -d failed (its output is above)");
        }
        ApplicationId app = ApplicationId.fromString(appId.getNow("none"));
        RestClient rest = new RestClient(URI.create(restUrl.getNow("none")), null, Duration.ofSeconds(5));
        JobId job = JobId.fromHex(jobId.getNow("none"));

        JobDetailsResponse running =
                RecoveryBench.await(rest, job, d -> d.allTasksRunningTime() > 0, "every task running");
        // Each subtask generates rate / 2 records a second and sees every key after --keys of them.
        long everyKeyAt = running.allTasksRunningTime() + args.keys() * 2 * 1000 / args.rate();
        CheckpointingStatistics checkpoints = awaitCheckpointAfter(rest, job, everyKeyAt);
        log.printf("bench: yarn run %d: every key counted and a checkpoint completed after that%n", run);

        long baseline = checkpointsCommandMillis(run, dir, app, job);
        return stop(run, dir, app, job, checkpoints, baseline);
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
        log.println("bench: yarn run " + run + ": " + String.join(" ", command));
        CliProcess cli = CliProcess.start(
                command,
                Map.of("HADOOP_CONF_DIR", args.confDir().toString()),
                dir,
                Map.of(),
                log,
                "checkpoints-" + run);
        if (cli.waitFor(TIMEOUT_MILLIS / 1000) != 0) {
            throw new IllegalStateException("spindle checkpoints failed (its output is above)");
        }
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
        log.println("bench: yarn run " + run + ": " + String.join(" ", command));
        CompletableFuture<Long> requestedAt = requested.thenApply(p -> System.currentTimeMillis());
        CompletableFuture<Long> pathAt = path.thenApply(p -> System.currentTimeMillis());
        CliProcess stop = CliProcess.start(
                command,
                Map.of("HADOOP_CONF_DIR", args.confDir().toString()),
                dir,
                Map.of(STOPPING, requested, SAVEPOINT_PATH, path),
                log,
                "stop-" + run);
        ApplicationReport end = awaitEnd(app);
        long endedAt = System.currentTimeMillis();
        int exit = stop.waitFor(TIMEOUT_MILLIS / 1000);
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
        return List.of(
                args.spindle().toString(),
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "--yarn-conf-dir",
                args.confDir().toString(),
                "-D",
                "taskmanager.numberOfTaskSlots=1",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "-p",
                "2",
                "-c",
                RecoveryBench.KEYED_COUNT,
                args.jar().toString(),
                "--records",
                // an hour's worth: the job runs until it is stopped
                Long.toString(args.rate() * 3600),
                "--keys",
                Long.toString(args.keys()),
                "--parallelism",
                "2",
                "--checkpoint-interval",
                Long.toString(args.intervalMillis()),
                "--rate",
                Long.toString(args.rate()));
    }

    /** Waits until a checkpoint triggered after {@code after} (epoch ms) has completed. */
    private static CheckpointingStatistics awaitCheckpointAfter(RestClient rest, JobId job, long after)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            CheckpointingStatistics stats = rest.checkpoints(job);
            if (RecoveryBench.firstCheckpointAfter(stats, after) >= 0) {
                return stats;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no checkpoint completed after every key was counted");
            }
            Thread.sleep(100);
        }
    }

    /** The median duration of the completed checkpoints in the job's recent history; -1 without any. */
    static long medianCheckpointMillis(CheckpointingStatistics stats) {
        List<CheckpointStatistics> completed = stats.history().stream()
                .filter(c -> "COMPLETED".equals(c.status()) && !c.savepoint())
                .toList();
        return SavepointFigures.median(completed, CheckpointStatistics::endToEndDuration);
    }

    /** Polls YARN every {@value #POLL_MILLIS} ms until the application has ended. */
    private ApplicationReport awaitEnd(ApplicationId app) throws Exception {
        return RecoveryBench.awaitEnd(yarn, app, POLL_MILLIS);
    }

    /** The command line of the driver: {@code --name value} options. */
    record Arguments(
            Path spindle, Path jar, Path confDir, Path work, int runs, long keys, long rate, long intervalMillis) {
        static final String USAGE = "usage: SavepointYarnBench --spindle CLI --jar EXAMPLES_JAR --conf-dir DIR"
                + " --work DIR [--runs N] [--keys K] [--rate R] [--interval-ms MS]";

        static Arguments parse(String[] argv) {
            Map<String, String> a = new java.util.LinkedHashMap<>();
            for (int i = 0; i < argv.length; i += 2) {
                if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                    throw new IllegalArgumentException("expected --option value at " + argv[i] + "; " + USAGE);
                }
                a.put(argv[i].substring(2), argv[i + 1]);
            }
            for (String required : List.of("spindle", "jar", "conf-dir", "work")) {
                if (!a.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is missing; " + USAGE);
                }
            }
            Arguments parsed = new Arguments(
                    Path.of(a.remove("spindle")),
                    Path.of(a.remove("jar")),
                    Path.of(a.remove("conf-dir")),
                    Path.of(a.remove("work")),
                    (int) number(a, "runs", 1, 1000),
                    number(a, "keys", 100_000, Long.MAX_VALUE / 2000),
                    number(a, "rate", 50_000, Long.MAX_VALUE / 3600),
                    number(a, "interval-ms", 1000, Long.MAX_VALUE));
            if (!a.isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown option --" + a.keySet().iterator().next() + "; " + USAGE);
            }
            return parsed;
        }

        private static long number(Map<String, String> a, String name, long defaultValue, long max) {
            String value = a.remove(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                long n = Long.parseLong(value);
                if (n >= 1 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    "--" + name + " needs a whole number from 1 to " + max + ", got '" + value + "'");
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
            out.println("yarn_checkpoint_median_ms=" + SavepointFigures.median(stops, Stop::checkpointMillis));
            out.println("yarn_checkpoint_state_bytes=" + SavepointFigures.median(stops, Stop::checkpointBytes));
            out.println("yarn_stop_to_request_ms=" + SavepointFigures.median(stops, Stop::toRequest));
            out.println("yarn_stop_to_savepoint_path_ms=" + SavepointFigures.median(stops, Stop::toSavepointPath));
            out.println("yarn_stop_to_app_finished_ms=" + SavepointFigures.median(stops, Stop::toAppEnded));
            out.println("yarn_stop_command_ms=" + SavepointFigures.median(stops, Stop::toCommandReturned));
            out.println("yarn_stop_to_app_finished_runs_ms=" + all(stops, Stop::toAppEnded));
            out.println("yarn_stop_command_runs_ms=" + all(stops, Stop::toCommandReturned));
            out.println("yarn_savepoint_dir_bytes=" + SavepointFigures.median(stops, Stop::savepointBytes));
            long command = SavepointFigures.median(stops, Stop::toCommandReturned);
            long baseline = SavepointFigures.median(stops, Stop::checkpointsCommand);
            out.println("yarn_checkpoints_command_ms=" + baseline);
            out.println("yarn_stop_command_vs_checkpoints_command_ratio=" + SavepointFigures.ratio(command, baseline));
            out.println("yarn_stop_exit_codes=" + all(stops, Stop::exitCode));
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

        private static String all(List<Stop> stops, java.util.function.ToLongFunction<Stop> figure) {
            return String.join(
                    ",",
                    stops.stream()
                            .map(s -> Long.toString(figure.applyAsLong(s)))
                            .toList());
        }
    }
}
