package dev.spindle.bench;

import dev.spindle.core.JobId;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.client.RestClient;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The standalone half of {@code scripts/bench failover}: a standalone cluster with two JobManagers
 * (one leads, one waits as a standby) and two TaskManagers, high availability on the benchmark's
 * ZooKeeper; the keyed count of W4 runs on it, and once it has completed two checkpoints the leading
 * JobManager gets {@code kill -9}. Measured, per run: from the kill to the standby serving (its REST
 * endpoint answers for the job) and to the job running again with every task; the baseline is the
 * same job's first start (submission to every task running). Checked: the TaskManagers of the
 * killed leader serve the standby, the committed output holds every line exactly once, the job
 * FINISHED.
 *
 * <p>Usage: {@code StandbyBench --spindle <scripts/spindle> --cluster-script
 * <scripts/standalone-cluster> --jar <examples jar> --work <dir> --quorum <host:port> [--runs N]
 * [--records N] [--keys K] [--rate R] [--interval-ms MS] [--session-timeout-ms MS]}. Figures on
 * stdout as {@code standby_<name>=<value>}, progress on stderr.
 */
public final class StandbyBench {
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final long TIMEOUT_SECONDS = 300;
    private static final long POLL_MILLIS = 20;

    /** One run's figures. */
    record Run(
            long submitToRunning,
            long killToServing,
            long killToRunning,
            boolean taskManagersKept,
            String finalState,
            ExactlyOnceCheck.Result check) {
        boolean passed() {
            return taskManagersKept && "FINISHED".equals(finalState) && check.exact();
        }
    }

    private static final List<String> REQUIRED = List.of("spindle", "cluster-script", "jar", "work", "quorum");
    private static final List<String> OPTIONAL =
            List.of("runs", "records", "keys", "rate", "interval-ms", "session-timeout-ms");

    private final BenchOptions args;
    private final PrintStream log = System.err;

    private StandbyBench(BenchOptions args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        BenchOptions args = BenchOptions.parseOrExit(
                "StandbyBench", argv, a -> BenchOptions.parse(a, REQUIRED, OPTIONAL, false, ""));
        StandbyBench bench = new StandbyBench(args);
        List<Run> runs = new ArrayList<>();
        long count = args.number("runs", 3, 1);
        for (int i = 1; i <= count; i++) {
            Run run = bench.run(i);
            bench.log.printf(
                    "bench: standby run %d/%d: serving %d ms, running %d ms after the kill; TaskManagers kept %s, %s, %s%n",
                    i,
                    count,
                    run.killToServing(),
                    run.killToRunning(),
                    run.taskManagersKept(),
                    run.check(),
                    run.finalState());
            runs.add(run);
        }
        bench.printFigures(runs, System.out);
        if (!runs.stream().allMatch(Run::passed)) {
            System.err.println("StandbyBench: a run lost or duplicated records, replaced TaskManagers or did not"
                    + " finish: the standby takeover is not exactly-once");
            System.exit(1);
        }
    }

    private long sessionTimeoutMillis() {
        return args.number("session-timeout-ms", 4000, 1);
    }

    private Run run(int run) throws Exception {
        Path dir = Path.of(args.text("work")).resolve("standby-" + run);
        Path cluster = dir.resolve("cluster");
        Path output = dir.resolve("output");
        Files.createDirectories(dir);
        Map<String, String> env = Map.of("SPINDLE_CLUSTER_DIR", cluster.toString());
        List<String> start = new ArrayList<>(
                List.of(args.text("cluster-script"), "start", "--jobmanagers", "2", "--taskmanagers", "2"));
        for (String setting : List.of(
                "high-availability.type=zookeeper",
                "high-availability.zookeeper.quorum=" + args.text("quorum"),
                "high-availability.storageDir=" + dir.resolve("ha").toUri(),
                "high-availability.zookeeper.client.session-timeout=" + sessionTimeoutMillis() + " ms",
                "taskmanager.numberOfTaskSlots=1",
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=100 ms",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri())) {
            start.addAll(List.of("-D", setting));
        }
        exec(start, env, dir, "standby-" + run + "-start");
        try {
            return measure(run, cluster, output, env, dir);
        } finally {
            exec(List.of(args.text("cluster-script"), "stop"), env, dir, "standby-" + run + "-stop");
        }
    }

    private Run measure(int run, Path cluster, Path output, Map<String, String> env, Path dir) throws Exception {
        long records = args.number("records", 500_000, 1, Integer.MAX_VALUE - 8);
        long keys = args.number("keys", 100_000, 1);
        CompletableFuture<String> jobId = new CompletableFuture<>();
        List<String> submit = new ArrayList<>(List.of(
                args.text("spindle"),
                "run",
                "-t",
                "standalone",
                "--cluster-dir",
                cluster.toString(),
                "-d",
                "-p",
                "2",
                "-c",
                YarnBenchCluster.KEYED_COUNT,
                args.text("jar")));
        submit.addAll(List.of(
                "--records",
                Long.toString(records),
                "--keys",
                Long.toString(keys),
                "--parallelism",
                "2",
                "--checkpoint-interval",
                Long.toString(args.number("interval-ms", 1000, 1)),
                "--output",
                output.toString(),
                "--rate",
                Long.toString(args.number("rate", 20_000, 1))));
        CliProcess cli = CliProcess.start(submit, env, dir, Map.of(SUBMITTED_JOB, jobId), log, "standby-" + run);
        if (cli.waitFor(TIMEOUT_SECONDS) != 0) {
            throw new IllegalStateException("spindle run -t standalone -d failed (its output is above)");
        }
        JobId job = JobId.fromHex(jobId.getNow("none"));
        Leader first = Leader.await(cluster, -1);
        JobDetailsResponse running =
                JobProbes.await(first.rest(), job, d -> d.allTasksRunningTime() > 0, "every task running");
        long submitToRunning = running.allTasksRunningTime() - cli.startMillis();
        long deadline = System.currentTimeMillis() + TIMEOUT_SECONDS * 1000;
        while (first.rest().checkpoints(job).counts().completed() < 2) {
            check(deadline, "two completed checkpoints");
            Thread.sleep(POLL_MILLIS);
        }
        Set<String> before = taskManagers(first.rest());

        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
        log.printf("bench: standby run %d: kill -9 of the leading JobManager %d%n", run, first.pid());
        Leader next = Leader.await(cluster, first.pid());
        long killToServing = -1;
        long killToRunning = -1;
        while (killToRunning < 0) {
            check(deadline, "the job running under the standby");
            try {
                JobDetailsResponse d = next.rest().jobDetails(job);
                if (killToServing < 0) {
                    killToServing = System.currentTimeMillis() - killedAt;
                }
                if (JobProbes.allRunning(d) && d.allTasksRunningTime() > killedAt) {
                    killToRunning = d.allTasksRunningTime() - killedAt;
                }
            } catch (IOException notYet) {
                // the standby leads but does not serve the job yet
            }
            Thread.sleep(POLL_MILLIS);
        }
        JobDetailsResponse end = JobProbes.await(next.rest(), job, d -> d.endTime() > 0, "the end");
        Set<String> after = taskManagers(next.rest());
        return new Run(
                submitToRunning,
                killToServing,
                killToRunning,
                before.equals(after),
                end.state(),
                ExactlyOnceCheck.checkDirectory(output, records, keys));
    }

    private void exec(List<String> command, Map<String, String> env, Path dir, String name) throws Exception {
        CliProcess process = CliProcess.start(command, env, dir, Map.of(), log, name);
        if (process.waitFor(TIMEOUT_SECONDS) != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (its output is above)");
        }
    }

    private static Set<String> taskManagers(RestClient rest) throws IOException {
        return rest.taskManagers().stream().map(TaskManagerInfo::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void check(long deadline, String what) {
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    /** The leading JobManager as its cluster directory names it: pid and REST client. */
    private record Leader(long pid, RestClient rest) {
        /** Waits until the directory names a leader other than {@code not} (-1: any). */
        static Leader await(Path cluster, long not) throws IOException, InterruptedException {
            Path info = cluster.resolve("jobmanager.properties");
            long deadline = System.currentTimeMillis() + TIMEOUT_SECONDS * 1000;
            while (true) {
                try (Reader reader = Files.newBufferedReader(info)) {
                    Properties p = new Properties();
                    p.load(reader);
                    long pid = Long.parseLong(p.getProperty("pid", "-1"));
                    if (pid != not && p.getProperty("rest.address") != null) {
                        ClusterSecret secret = ClusterSecret.readFrom(Path.of(p.getProperty("secret.file")));
                        return new Leader(
                                pid,
                                new RestClient(
                                        URI.create(p.getProperty("rest.address")), secret, Duration.ofSeconds(5)));
                    }
                } catch (NoSuchFileException | NumberFormatException notYet) {
                    // the leader has not written it yet (or is writing it)
                }
                check(deadline, "a leading JobManager in " + cluster);
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private void printFigures(List<Run> runs, PrintStream out) {
        long baseline = Figures.median(runs, Run::submitToRunning);
        long running = Figures.median(runs, Run::killToRunning);
        out.println("standby_runs=" + runs.size());
        out.println("standby_session_timeout_ms=" + sessionTimeoutMillis());
        out.println("standby_submit_to_running_ms=" + baseline);
        out.println("standby_kill_to_serving_ms=" + Figures.median(runs, Run::killToServing));
        out.println("standby_kill_to_running_ms=" + running);
        out.println("standby_kill_to_running_beyond_session_timeout_ms=" + (running - sessionTimeoutMillis()));
        out.println("standby_kill_to_running_runs_ms=" + Figures.all(runs, Run::killToRunning));
        out.println("standby_taskmanagers_kept="
                + runs.stream().map(r -> Boolean.toString(r.taskManagersKept())).collect(Collectors.joining(",")));
        out.println(
                "standby_lost=" + runs.stream().mapToLong(r -> r.check().lost()).sum());
        out.println("standby_duplicated="
                + runs.stream().mapToLong(r -> r.check().duplicated()).sum());
        out.println("standby_unexpected="
                + runs.stream().mapToLong(r -> r.check().unexpected()).sum());
        out.println("standby_final_state="
                + runs.stream().map(Run::finalState).distinct().collect(Collectors.joining(",")));
        out.printf(
                Locale.ROOT, "standby_kill_to_running_vs_submit_to_running_ratio=%.2f%n", (double) running / baseline);
    }
}
