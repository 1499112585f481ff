package dev.spindle.bench;

import dev.spindle.client.yarn.DeployedCluster;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.client.yarn.YarnSessionClient;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClusterExecutor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * W3 (docs/benchmarks.md), deployment latency on a running YARN cluster: the tiny job
 * ({@code dev.spindle.bench.TinyJob}) in per-job mode, in a session (cold: no TaskManager
 * yet; warm: one up) and in application mode, each from the moment a user's command starts, with the
 * tiny job in local mode ({@code spindle run -t local}, a whole CLI process) as the baseline of the
 * same run. "Running" is the JobManager's {@code all-tasks-running-time}: every task of the job
 * running on a TaskManager. Figures go to stdout as {@code name=value} lines, the commands' own
 * output to stderr.
 *
 * <pre>
 * DeploymentBench --spindle scripts/spindle --yarn-session scripts/yarn-session --jar spindle-benchmarks.jar
 *                 --conf-dir DIR --work DIR [--runs N] [--warm-jobs N] [--modes local,per-job,session,application]
 * </pre>
 */
public final class DeploymentBench {
    static final String TINY_JOB = "dev.spindle.bench.TinyJob";
    private static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern REST_URL = Pattern.compile("REST endpoint (http://\\S+)");
    private static final long COMMAND_TIMEOUT_SECONDS = 300;

    private final BenchArguments args;
    private final PrintStream log = System.err;
    private final Map<String, Long> figures = new LinkedHashMap<>();

    private DeploymentBench(BenchArguments args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        BenchArguments args = BenchArguments.parse(argv);
        DeploymentBench bench = new DeploymentBench(args);
        bench.run();
        bench.figures.forEach((name, value) -> System.out.println(name + "=" + value));
        bench.printRatios();
    }

    private void run() throws Exception {
        Files.createDirectories(args.work());
        if (args.modes().contains("local")) {
            List<Long> wall = new ArrayList<>();
            for (int i = 0; i < args.runs(); i++) {
                CliProcess cli = start(
                        "local",
                        List.of(
                                args.spindle().toString(),
                                "run",
                                "-t",
                                "local",
                                "-c",
                                TINY_JOB,
                                args.jar().toString()),
                        Map.of());
                requireSuccess("local run", cli.waitFor(COMMAND_TIMEOUT_SECONDS));
                wall.add(System.currentTimeMillis() - cli.startMillis());
            }
            figures.put("local_cli_tiny_job_ms", median(wall));
        }
        if (args.modes().contains("per-job")) {
            perCommandJob(
                    "per_job",
                    List.of(
                            args.spindle().toString(),
                            "run",
                            "-t",
                            "yarn-per-job",
                            "--yarn-conf-dir",
                            args.confDir().toString(),
                            "-c",
                            TINY_JOB,
                            args.jar().toString()));
        }
        if (args.modes().contains("session")) {
            session();
        }
        if (args.modes().contains("application")) {
            perCommandJob(
                    "application",
                    List.of(
                            args.spindle().toString(),
                            "run-application",
                            "-t",
                            "yarn-application",
                            "--yarn-conf-dir",
                            args.confDir().toString(),
                            "-c",
                            TINY_JOB,
                            args.jar().toString()));
        }
    }

    /**
     * A command that deploys a cluster for the tiny job (per-job, application) and returns when the
     * application has ended: its start to the job running, to the job finished (the JobManager's
     * times, read over REST while the cluster is up), and to the command's return.
     */
    private void perCommandJob(String name, List<String> command) throws Exception {
        List<Long> running = new ArrayList<>();
        List<Long> finished = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        for (int i = 0; i < args.runs(); i++) {
            CompletableFuture<String> jobId = new CompletableFuture<>();
            CompletableFuture<String> restUrl = new CompletableFuture<>();
            CliProcess cli = start(name, command, Map.of(SUBMITTED_JOB, jobId, REST_URL, restUrl));
            JobDetailsResponse details = pollUntilEnded(cli, jobId, restUrl);
            requireSuccess(name + " run", cli.waitFor(COMMAND_TIMEOUT_SECONDS));
            ended.add(System.currentTimeMillis() - cli.startMillis());
            if (details == null || details.allTasksRunningTime() < 0 || details.endTime() < 0) {
                log.println(
                        "bench: " + name + ": the job's times could not be read before its cluster ended; run skipped");
                continue;
            }
            running.add(details.allTasksRunningTime() - cli.startMillis());
            finished.add(details.endTime() - cli.startMillis());
        }
        figures.put(name + "_submit_to_running_ms", median(running));
        figures.put(name + "_submit_to_job_finished_ms", median(finished));
        figures.put(name + "_submit_to_app_finished_ms", median(ended));
    }

    /** Reads the job's details every 10 ms until they show its end, or the command has returned. */
    private static JobDetailsResponse pollUntilEnded(
            CliProcess cli, CompletableFuture<String> jobId, CompletableFuture<String> restUrl)
            throws InterruptedException {
        while (cli.isAlive() && !(jobId.isDone() && restUrl.isDone())) {
            Thread.sleep(5);
        }
        if (!jobId.isDone() || !restUrl.isDone()) {
            return null;
        }
        RestClient rest = new RestClient(URI.create(restUrl.join()), null, Duration.ofSeconds(2));
        JobId id = JobId.fromHex(jobId.join());
        JobDetailsResponse last = null;
        while (cli.isAlive()) {
            try {
                last = rest.jobDetails(id);
                if (last.endTime() >= 0) {
                    return last;
                }
            } catch (IOException e) {
                // not known yet (application mode submits it a moment later), or the cluster is going
            }
            Thread.sleep(10);
        }
        return last;
    }

    /** {@code yarn-session -d} to ready; then the tiny job, cold once and warm {@code --warm-jobs} times. */
    private void session() throws Exception {
        CompletableFuture<String> appId = new CompletableFuture<>();
        CliProcess cli = start(
                "session",
                List.of(
                        args.yarnSession().toString(),
                        "-d",
                        "--yarn-conf-dir",
                        args.confDir().toString(),
                        "-D",
                        "yarn.properties-file.location=" + args.work()),
                Map.of(SUBMITTED_APP, appId));
        requireSuccess("yarn-session -d", cli.waitFor(COMMAND_TIMEOUT_SECONDS));
        figures.put("session_start_ms", System.currentTimeMillis() - cli.startMillis());
        ApplicationId id = ApplicationId.fromString(appId.getNow("none"));
        DeployedCluster session = new YarnSessionClient(
                        HadoopConfigs.load(args.confDir()),
                        new Configuration(),
                        new PrintStream(OutputStream.nullOutputStream()))
                .find(id);
        RestClient rest = new RestClient(URI.create(session.restUrl()), session.secret(), Duration.ofSeconds(60));
        try (UserProgram program = UserProgram.load(args.jar(), TINY_JOB, DeploymentBench.class.getClassLoader())) {
            long[] cold = sessionJob(rest, program);
            figures.put("session_cold_submit_to_running_ms", cold[0]);
            figures.put("session_cold_submit_to_finished_ms", cold[1]);
            List<Long> running = new ArrayList<>();
            List<Long> finished = new ArrayList<>();
            for (int i = 0; i < args.warmJobs(); i++) {
                long[] warm = sessionJob(rest, program);
                running.add(warm[0]);
                finished.add(warm[1]);
            }
            figures.put("session_warm_submit_to_running_p50_ms", percentile(running, 50));
            figures.put("session_warm_submit_to_running_p95_ms", percentile(running, 95));
            figures.put("session_warm_submit_to_finished_p50_ms", percentile(finished, 50));
            figures.put("session_warm_submit_to_finished_p95_ms", percentile(finished, 95));
            // The same warm job from the command line: a whole CLI process (JVM start, finding the
            // session through YARN, the upload, following the job to its end).
            List<Long> cliRuns = new ArrayList<>();
            for (int i = 0; i < args.runs(); i++) {
                CliProcess run = start(
                        "session-cli",
                        List.of(
                                args.spindle().toString(),
                                "run",
                                "-t",
                                "yarn-session",
                                "-yid",
                                id.toString(),
                                "--yarn-conf-dir",
                                args.confDir().toString(),
                                "-c",
                                TINY_JOB,
                                args.jar().toString()),
                        Map.of());
                requireSuccess("spindle run -t yarn-session", run.waitFor(COMMAND_TIMEOUT_SECONDS));
                cliRuns.add(System.currentTimeMillis() - run.startMillis());
            }
            figures.put("session_warm_cli_run_ms", median(cliRuns));
        } finally {
            CliProcess stop = start(
                    "session-stop",
                    List.of(
                            args.yarnSession().toString(),
                            "-id",
                            id.toString(),
                            "--yarn-conf-dir",
                            args.confDir().toString(),
                            "stop"),
                    Map.of());
            requireSuccess("yarn-session stop", stop.waitFor(COMMAND_TIMEOUT_SECONDS));
        }
    }

    /**
     * One tiny job submitted to the session from this JVM (a client already running, as a
     * scheduler's): from the submission's start (the jar upload included) to every task running and
     * to the job's end, as the JobManager recorded them.
     */
    private static long[] sessionJob(RestClient rest, UserProgram program) throws Exception {
        long[] submitted = new long[1];
        JobId[] job = new JobId[1];
        PipelineExecutor restExecutor = new RestClusterExecutor(rest, List.of(program.jar()), Duration.ofMillis(5));
        PipelineExecutor timed = (graph, loader) -> {
            submitted[0] = System.currentTimeMillis();
            return restExecutor.execute(graph, loader);
        };
        new ProgramRunner(new Configuration(), () -> timed, (JobClient client) -> job[0] = client.getJobId())
                .run(program, List.of());
        JobDetailsResponse details = rest.jobDetails(job[0]);
        return new long[] {details.allTasksRunningTime() - submitted[0], details.endTime() - submitted[0]};
    }

    private CliProcess start(String name, List<String> command, Map<Pattern, CompletableFuture<String>> watched)
            throws IOException {
        log.println("bench: " + name + ": " + String.join(" ", command));
        return CliProcess.start(
                command, Map.of("HADOOP_CONF_DIR", args.confDir().toString()), args.work(), watched, log, name);
    }

    private static void requireSuccess(String what, int exitCode) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " exited " + exitCode + " (its output is above)");
        }
    }

    /** The ratios to the same run's local baseline, and the goals of the issue, as name=value lines. */
    private void printRatios() {
        Long local = figures.get("local_cli_tiny_job_ms");
        for (String name : List.of(
                "per_job_submit_to_app_finished_ms",
                "session_warm_submit_to_finished_p50_ms",
                "application_submit_to_app_finished_ms")) {
            Long value = figures.get(name);
            if (local != null && value != null && local > 0) {
                System.out.printf(
                        Locale.ROOT, "%s_vs_local_cli_ratio=%.2f%n", name.replace("_ms", ""), (double) value / local);
            }
        }
    }

    static long median(List<Long> values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile; -1 for no values. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Parsed command line. */
    record BenchArguments(
            Path spindle,
            Path yarnSession,
            Path jar,
            Path confDir,
            Path work,
            int runs,
            int warmJobs,
            List<String> modes) {
        static BenchArguments parse(String[] argv) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i + 1 < argv.length; i += 2) {
                if (!argv[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected an option, got " + argv[i]);
                }
                a.put(argv[i].substring(2), argv[i + 1]);
            }
            if (argv.length % 2 != 0) {
                throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value");
            }
            for (String required : List.of("spindle", "yarn-session", "jar", "conf-dir", "work")) {
                if (!a.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is missing");
                }
            }
            return new BenchArguments(
                    Path.of(a.get("spindle")),
                    Path.of(a.get("yarn-session")),
                    Path.of(a.get("jar")),
                    Path.of(a.get("conf-dir")),
                    Path.of(a.get("work")),
                    Integer.parseInt(a.getOrDefault("runs", "3")),
                    Integer.parseInt(a.getOrDefault("warm-jobs", "20")),
                    List.of(a.getOrDefault("modes", "local,per-job,session,application")
                            .split(",")));
        }
    }
}
