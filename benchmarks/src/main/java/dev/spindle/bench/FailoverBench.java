package dev.spindle.bench;

import dev.spindle.bench.FailoverRun.Failover;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.core.JobId;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The failover benchmark (issue 14, docs/benchmarks.md): the keyed count of W4 ({@code
 * dev.spindle.examples.KeyedCount}, a checkpoint every second, the exactly-once file sink) per-job
 * with high availability on ZooKeeper, detached, parallelism 2 on two TaskManager containers of one
 * slot; once it runs and has completed {@code --checkpoints-before-kill} checkpoints, the
 * ApplicationMaster container's JVM gets SIGKILL. Measures, from the kill: YARN listing the second
 * attempt and that attempt RUNNING, the new attempt's REST endpoint (the application's tracking URL)
 * answering for the job, the job RUNNING with every task in the new attempt ({@code
 * all-tasks-running-time}) and the first checkpoint triggered after the kill completing; checks that
 * the TaskManager containers were kept (the same ids before and after, no new one), then, after the
 * application ended, its final status and the committed output ({@link ExactlyOnceCheck}). Fails
 * unless nothing was lost or duplicated, the containers were kept and it SUCCEEDED. The baseline of
 * the same run is the application's first start, from YARN's start of the application to every task
 * running: what a failover that does not keep its containers repeats.
 *
 * <pre>
 * FailoverBench --spindle scripts/spindle --jar EXAMPLES_JAR --conf-dir DIR --work DIR --quorum HOST:PORT
 *               [--runs N] [--records N] [--keys K] [--rate R] [--interval-ms MS]
 *               [--checkpoints-before-kill N] [-D key=value]...
 * </pre>
 */
public final class FailoverBench {
    private static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern REST_URL = Pattern.compile("REST endpoint (http://\\S+)");
    private static final long POLL_MILLIS = 20;
    private static final long TIMEOUT_MILLIS = 300_000;

    private final FailoverArguments args;
    private final PrintStream log = System.err;
    private final YarnClient yarn;

    private FailoverBench(FailoverArguments args, YarnClient yarn) {
        this.args = args;
        this.yarn = yarn;
    }

    public static void main(String[] argv) throws Exception {
        FailoverArguments args;
        try {
            args = FailoverArguments.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("FailoverBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<FailoverRun> runs = new ArrayList<>();
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(HadoopConfigs.load(args.confDir()));
            yarn.start();
            FailoverBench bench = new FailoverBench(args, yarn);
            for (int i = 1; i <= args.runs(); i++) {
                FailoverRun run = bench.run(i);
                bench.log.println("bench: run " + i + "/" + args.runs() + ": " + run.failover() + ", containers kept "
                        + run.containersKept() + ", " + run.check() + ", " + run.finalStatus());
                runs.add(run);
            }
        }
        FailoverRun.printFigures(args, runs, System.out);
        for (FailoverRun r : runs) {
            if (!r.passed()) {
                System.err.println("FailoverBench: run " + r.run() + ": " + r.check() + ", TaskManager containers "
                        + r.before() + " before the kill, " + r.after() + " after (new: " + r.newContainers()
                        + "), application " + r.finalStatus()
                        + ": the failover is not exactly-once with kept containers");
                System.exit(1);
            }
        }
    }

    private FailoverRun run(int run) throws Exception {
        Path dir = args.work().resolve("run-" + run);
        Path output = dir.resolve("output");
        Files.createDirectories(dir);
        CompletableFuture<String> appId = new CompletableFuture<>();
        CompletableFuture<String> jobId = new CompletableFuture<>();
        CompletableFuture<String> restUrl = new CompletableFuture<>();
        List<String> command = submitCommand(args, dir, output);
        log.println("bench: run " + run + ": " + String.join(" ", command));
        CliProcess cli = CliProcess.start(
                command,
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

        JobDetailsResponse first =
                RecoveryBench.await(rest, job, d -> d.allTasksRunningTime() > 0, "every task running");
        ApplicationReport started = yarn.getApplicationReport(app);
        long submitToRunning = first.allTasksRunningTime() - cli.startMillis();
        long appStartToRunning = first.allTasksRunningTime() - started.getStartTime();
        log.printf(
                "bench: run %d: job %s running %d ms after the command's start, %d ms after the application's%n",
                run, job, submitToRunning, appStartToRunning);
        awaitCheckpoints(rest, job, args.checkpointsBeforeKill());

        Set<String> before = taskManagers(app);
        ApplicationAttemptReport attempt = yarn.getApplicationAttempts(app).get(0);
        ProcessHandle am = containerJvm(attempt.getAMContainerId().toString());
        String oldTrackingUrl = yarn.getApplicationReport(app).getOriginalTrackingUrl();
        long killedAt = System.currentTimeMillis();
        if (!am.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to " + am.pid());
        }
        log.printf(
                "bench: run %d: SIGKILL to the ApplicationMaster container %s (pid %d) at %s; TaskManagers %s%n",
                run, attempt.getAMContainerId(), am.pid(), Instant.ofEpochMilli(killedAt), before);
        Set<String> seen = new TreeSet<>();
        Failover failover = awaitFailover(app, job, oldTrackingUrl, killedAt, seen);
        Set<String> after = taskManagers(app);
        log.printf("bench: run %d: %s; TaskManagers %s%n", run, failover, after);

        ApplicationReport end = RecoveryBench.awaitEnd(yarn, app, 200);
        ExactlyOnceCheck.Result check = ExactlyOnceCheck.checkDirectory(output, args.records(), args.keys());
        return new FailoverRun(
                run,
                submitToRunning,
                appStartToRunning,
                failover,
                before,
                after,
                seen,
                end.getFinalApplicationStatus().name(),
                check);
    }

    /** The detached per-job {@code spindle run} command of one run, with high availability on the quorum. */
    static List<String> submitCommand(FailoverArguments args, Path dir, Path output) {
        List<String> command = new ArrayList<>(List.of(
                args.spindle().toString(),
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "--yarn-conf-dir",
                args.confDir().toString()));
        List<String> settings = new ArrayList<>(List.of(
                "high-availability.type=zookeeper",
                "high-availability.zookeeper.quorum=" + args.quorum(),
                "high-availability.storageDir=" + args.work().resolve("ha").toUri(),
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=100 ms",
                "taskmanager.numberOfTaskSlots=1",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri()));
        settings.addAll(args.settings());
        for (String setting : settings) {
            command.add("-D");
            command.add(setting);
        }
        command.addAll(
                List.of("-p", "2", "-c", RecoveryBench.KEYED_COUNT, args.jar().toString()));
        command.addAll(List.of(
                "--records",
                Long.toString(args.records()),
                "--keys",
                Long.toString(args.keys()),
                "--parallelism",
                "2",
                "--checkpoint-interval",
                Long.toString(args.intervalMillis()),
                "--output",
                output.toString(),
                "--rate",
                Long.toString(args.rate())));
        return command;
    }

    /**
     * Polls YARN and, once the tracking URL names a new REST endpoint, the job there every {@value
     * #POLL_MILLIS} ms, until the job runs with every task in the new attempt and a checkpoint
     * triggered after the kill has completed; adds every running TaskManager container seen to
     * {@code seen}.
     */
    private Failover awaitFailover(ApplicationId app, JobId job, String oldTrackingUrl, long killedAt, Set<String> seen)
            throws Exception {
        long deadline = killedAt + TIMEOUT_MILLIS;
        long toAttempt = -1;
        long toAttemptRunning = -1;
        long toRest = -1;
        long toRunning = -1;
        long toCheckpoint = -1;
        RestClient rest = null;
        String restUrl = oldTrackingUrl;
        while (toRunning < 0 || toCheckpoint < 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no failover within " + TIMEOUT_MILLIS + " ms: attempt " + toAttempt
                        + " ms, REST " + toRest + " ms, running " + toRunning + " ms after the kill");
            }
            seen.addAll(taskManagers(app));
            if (toAttemptRunning < 0) {
                List<ApplicationAttemptReport> attempts = yarn.getApplicationAttempts(app);
                if (attempts.size() >= 2) {
                    toAttempt = toAttempt < 0 ? System.currentTimeMillis() - killedAt : toAttempt;
                    if (attempts.get(attempts.size() - 1).getYarnApplicationAttemptState()
                            == YarnApplicationAttemptState.RUNNING) {
                        toAttemptRunning = System.currentTimeMillis() - killedAt;
                    }
                }
            }
            ApplicationReport report = yarn.getApplicationReport(app);
            if (report.getFinalApplicationStatus() != FinalApplicationStatus.UNDEFINED) {
                throw new IllegalStateException("the application ended " + report.getFinalApplicationStatus()
                        + " before the job ran again in a new attempt: attempt " + toAttempt + " ms, REST " + toRest
                        + " ms, running " + toRunning + " ms after the kill");
            }
            if (toRest < 0) {
                // Until an attempt registers, YARN's tracking URL names its own pages: follow it until it answers.
                String url = String.valueOf(report.getOriginalTrackingUrl());
                if (!url.equals(restUrl)) {
                    restUrl = url;
                    rest = newEndpoint(url, oldTrackingUrl);
                }
            }
            if (rest != null) {
                try {
                    JobDetailsResponse d = rest.jobDetails(job);
                    toRest = toRest < 0 ? System.currentTimeMillis() - killedAt : toRest;
                    if (toRunning < 0 && RecoveryBench.allRunning(d) && d.allTasksRunningTime() > killedAt) {
                        toRunning = d.allTasksRunningTime() - killedAt;
                    }
                    if (toCheckpoint < 0) {
                        toCheckpoint = RecoveryBench.firstCheckpointAfter(rest.checkpoints(job), killedAt);
                    }
                    if (d.endTime() > 0 && (toRunning < 0 || toCheckpoint < 0)) {
                        throw new IllegalStateException("the job ended (" + d.state() + ") before it failed over");
                    }
                } catch (IOException e) {
                    // the new leader is not serving the job yet
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return new Failover(toAttempt, toAttemptRunning, toRest, toRunning, toCheckpoint);
    }

    /** A client of the REST endpoint the tracking URL names, when it is one and not the killed attempt's; else null. */
    static RestClient newEndpoint(String trackingUrl, String oldTrackingUrl) {
        if (!isNewEndpoint(trackingUrl, oldTrackingUrl)) {
            return null;
        }
        return new RestClient(URI.create(trackingUrl), null, Duration.ofSeconds(5));
    }

    /** Whether a tracking URL names a REST endpoint other than the killed attempt's (YARN shows "N/A" or "" meanwhile). */
    static boolean isNewEndpoint(String trackingUrl, String oldTrackingUrl) {
        return trackingUrl != null
                && trackingUrl.startsWith("http://")
                && !strip(trackingUrl).equals(strip(oldTrackingUrl == null ? "" : oldTrackingUrl));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void awaitCheckpoints(RestClient rest, JobId job, int count)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (rest.checkpoints(job).counts().completed() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + count + " completed checkpoints");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The ids of the application's running TaskManager containers: of every attempt, but no
     * attempt's ApplicationMaster. The attempts are read again after the containers, since a new
     * attempt's ApplicationMaster container may be listed running before an earlier attempt report
     * named it.
     */
    private Set<String> taskManagers(ApplicationId app) throws IOException, YarnException {
        Set<String> running = new TreeSet<>();
        for (ApplicationAttemptReport attempt : yarn.getApplicationAttempts(app)) {
            for (ContainerReport c : yarn.getContainers(attempt.getApplicationAttemptId())) {
                if (c.getContainerState() == ContainerState.RUNNING) {
                    running.add(c.getContainerId().toString());
                }
            }
        }
        Set<String> amContainers = new HashSet<>();
        yarn.getApplicationAttempts(app).forEach(a -> amContainers.add(String.valueOf(a.getAMContainerId())));
        running.removeAll(amContainers);
        return running;
    }

    /**
     * The JVM of a container: the java process whose command line names the container (its log
     * directory). The JDK gives no command line past 4 KB, as an ApplicationMaster's is, so on Linux
     * it is read from /proc.
     */
    static ProcessHandle containerJvm(String containerId) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains(containerId))
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one JVM of container " + containerId + ", found " + found);
        }
        return found.get(0);
    }

    private static String commandLine(ProcessHandle p) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }
}
