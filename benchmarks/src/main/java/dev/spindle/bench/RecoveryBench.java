package dev.spindle.bench;

import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.VertexInfo;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * W4 (docs/benchmarks.md), recovery on YARN: the keyed count {@code dev.spindle.examples.KeyedCount}
 * with a checkpoint every second and the exactly-once file sink, submitted per-job and detached
 * ({@code spindle run -t yarn-per-job -d}, parallelism 2, one slot per TaskManager, so two
 * TaskManager containers); once it runs and has completed {@code --checkpoints-before-kill}
 * checkpoints, one TaskManager container's JVM gets SIGKILL. Measures, from the kill, the job
 * RUNNING again with every task (the JobManager's {@code all-tasks-running-time} of the restarted
 * attempt) and the first checkpoint triggered after the kill completing; after the application
 * ended, checks the committed output line by line ({@link ExactlyOnceCheck}) and the application's
 * final status, and fails unless nothing was lost or duplicated and it SUCCEEDED. The baseline of
 * the same run is the initial deployment of the job's tasks: from the JobMaster's start of the job
 * to every task running, which asks for, starts and registers two TaskManager containers, the work
 * a recovery repeats for one.
 *
 * <pre>
 * RecoveryBench --spindle scripts/spindle --jar EXAMPLES_JAR --conf-dir DIR --work DIR [--runs N]
 *               [--records N] [--keys K] [--rate R] [--interval-ms MS] [--restart-delay-ms MS]
 *               [--checkpoints-before-kill N] [-D key=value]...
 * </pre>
 *
 * {@code -D} settings go to the {@code spindle run} command, after the benchmark's own (so they
 * may override them), e.g. to try a YARN heartbeat interval.
 */
public final class RecoveryBench {
    static final String KEYED_COUNT = "dev.spindle.examples.KeyedCount";
    private static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern REST_URL = Pattern.compile("REST endpoint (http://\\S+)");
    private static final long POLL_MILLIS = 20;
    private static final long TIMEOUT_MILLIS = 300_000;

    private final RecoveryArguments args;
    private final PrintStream log = System.err;
    private final YarnClient yarn;

    private RecoveryBench(RecoveryArguments args, YarnClient yarn) {
        this.args = args;
        this.yarn = yarn;
    }

    public static void main(String[] argv) throws Exception {
        RecoveryArguments args;
        try {
            args = RecoveryArguments.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("RecoveryBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<RecoveryRun> runs = new ArrayList<>();
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(HadoopConfigs.load(args.confDir()));
            yarn.start();
            RecoveryBench bench = new RecoveryBench(args, yarn);
            for (int i = 1; i <= args.runs(); i++) {
                RecoveryRun run = bench.run(i);
                bench.log.println("bench: run " + i + "/" + args.runs() + ": " + run);
                runs.add(run);
            }
        }
        RecoveryRun.printFigures(args, runs, System.out);
        for (RecoveryRun r : runs) {
            if (!r.exact() || !"SUCCEEDED".equals(r.finalStatus())) {
                System.err.println("RecoveryBench: run " + r.run() + " lost " + r.lost() + " and duplicated "
                        + r.duplicated() + " lines (" + r.unexpected() + " unexpected), application "
                        + r.finalStatus() + ": recovery is not exactly-once");
                System.exit(1);
            }
        }
    }

    private RecoveryRun run(int run) throws Exception {
        Path dir = args.work().resolve("run-" + run);
        Path output = dir.resolve("output");
        Files.createDirectories(dir);
        CompletableFuture<String> appId = new CompletableFuture<>();
        CompletableFuture<String> jobId = new CompletableFuture<>();
        CompletableFuture<String> restUrl = new CompletableFuture<>();
        List<String> command = submitCommand(dir, output);
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

        JobDetailsResponse first = await(rest, job, d -> d.allTasksRunningTime() > 0, "every task running");
        long submitToRunning = first.allTasksRunningTime() - cli.startMillis();
        long initialDeploy = first.allTasksRunningTime() - first.startTime();
        log.printf(
                "bench: run %d: job %s running %d ms after the command's start (deployment %d ms)%n",
                run, job, submitToRunning, initialDeploy);
        awaitCheckpoints(rest, job, args.checkpointsBeforeKill());

        ContainerReport victim = taskManagers(app).get(0);
        ProcessHandle jvm = containerJvm(victim.getContainerId().toString());
        long killedAt = System.currentTimeMillis();
        if (!jvm.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to " + jvm.pid());
        }
        log.printf(
                "bench: run %d: SIGKILL to TaskManager container %s (pid %d) at %s%n",
                run, victim.getContainerId(), jvm.pid(), Instant.ofEpochMilli(killedAt));
        Recovery recovery = awaitRecovery(rest, job, killedAt, first.restarts());
        log.printf("bench: run %d: %s%n", run, recovery);

        ApplicationReport end = awaitEnd(app);
        ExactlyOnceCheck.Result check = ExactlyOnceCheck.checkDirectory(output, args.records(), args.keys());
        return new RecoveryRun(
                run,
                submitToRunning,
                initialDeploy,
                recovery,
                end.getFinalApplicationStatus().name(),
                check.lines(),
                check.lost(),
                check.duplicated(),
                check.unexpected());
    }

    List<String> submitCommand(Path dir, Path output) {
        List<String> command = new ArrayList<>(List.of(
                args.spindle().toString(),
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "--yarn-conf-dir",
                args.confDir().toString()));
        List<String> settings = new ArrayList<>(List.of(
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=" + args.restartDelayMillis() + " ms",
                "taskmanager.numberOfTaskSlots=1",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri()));
        settings.addAll(args.settings());
        for (String setting : settings) {
            command.add("-D");
            command.add(setting);
        }
        command.addAll(List.of("-p", "2", "-c", KEYED_COUNT, args.jar().toString()));
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

    /** What the polls saw after the kill; times in ms from the kill, -1 when not seen. */
    record Recovery(long toRestarting, long toRunning, long toCheckpoint, int restarts) {}

    /**
     * Polls the job every {@value #POLL_MILLIS} ms until it runs again with every task (a restart
     * counted, its {@code all-tasks-running-time} after the kill, every vertex's tasks RUNNING) and
     * a checkpoint triggered after the kill has completed.
     */
    private static Recovery awaitRecovery(RestClient rest, JobId job, long killedAt, int restartsBefore)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        long toRestarting = -1;
        long toRunning = -1;
        long toCheckpoint = -1;
        int restarts = restartsBefore;
        while (toRunning < 0 || toCheckpoint < 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the job did not recover within " + TIMEOUT_MILLIS + " ms");
            }
            JobDetailsResponse d = rest.jobDetails(job);
            restarts = d.restarts();
            if (toRestarting < 0 && (d.restarts() > restartsBefore || !"RUNNING".equals(d.state()))) {
                toRestarting = System.currentTimeMillis() - killedAt;
            }
            if (toRunning < 0 && d.restarts() > restartsBefore && allRunning(d) && d.allTasksRunningTime() > killedAt) {
                toRunning = d.allTasksRunningTime() - killedAt;
            }
            if (d.endTime() > 0 && (toRunning < 0 || toCheckpoint < 0)) {
                throw new IllegalStateException("the job ended (" + d.state() + ") before it recovered: running "
                        + toRunning + " ms, checkpoint " + toCheckpoint + " ms after the kill");
            }
            if (toCheckpoint < 0) {
                toCheckpoint = firstCheckpointAfter(rest.checkpoints(job), killedAt);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return new Recovery(toRestarting, toRunning, toCheckpoint, restarts - restartsBefore);
    }

    static boolean allRunning(JobDetailsResponse d) {
        if (!"RUNNING".equals(d.state()) || d.vertices() == null || d.vertices().isEmpty()) {
            return false;
        }
        for (VertexInfo v : d.vertices()) {
            if (v.tasks().getOrDefault("RUNNING", 0) != v.parallelism()) {
                return false;
            }
        }
        return true;
    }

    /** The completion time of the first checkpoint triggered after {@code killedAt}, from it; -1 if none yet. */
    static long firstCheckpointAfter(CheckpointingStatistics stats, long killedAt) {
        if (stats == null || stats.history() == null) {
            return -1;
        }
        return stats.history().stream()
                .filter(c -> "COMPLETED".equals(c.status()) && c.triggerTimestamp() > killedAt)
                .min(Comparator.comparingLong(CheckpointStatistics::id))
                .map(c -> c.latestAckTimestamp() - killedAt)
                .orElse(-1L);
    }

    static JobDetailsResponse await(
            RestClient rest, JobId job, java.util.function.Predicate<JobDetailsResponse> done, String what)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            try {
                JobDetailsResponse d = rest.jobDetails(job);
                if (done.test(d)) {
                    return d;
                }
                if (d.endTime() > 0) {
                    throw new IllegalStateException("the job ended (" + d.state() + ") before " + what);
                }
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e; // not known yet is fine for a while
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
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

    /** The running TaskManager containers of the application (every container but the AM's), by id. */
    private List<ContainerReport> taskManagers(ApplicationId app) throws IOException, YarnException {
        List<ContainerReport> tms = new ArrayList<>();
        for (ApplicationAttemptReport attempt : yarn.getApplicationAttempts(app)) {
            for (ContainerReport c : yarn.getContainers(attempt.getApplicationAttemptId())) {
                if (!c.getContainerId().equals(attempt.getAMContainerId())
                        && c.getContainerState() == ContainerState.RUNNING) {
                    tms.add(c);
                }
            }
        }
        if (tms.size() != 2) {
            throw new IllegalStateException("expected 2 running TaskManager containers of " + app + ", found " + tms);
        }
        tms.sort(Comparator.comparing(c -> c.getContainerId().toString()));
        return tms;
    }

    /** The JVM of a container: the java process whose command line names the container (its log directory). */
    static ProcessHandle containerJvm(String containerId) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(containerId))
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one JVM of container " + containerId + ", found " + found);
        }
        return found.get(0);
    }

    private ApplicationReport awaitEnd(ApplicationId app) throws Exception {
        return awaitEnd(yarn, app, 200);
    }

    /** Polls YARN every {@code pollMillis} until the application has ended (at most {@value #TIMEOUT_MILLIS} ms). */
    static ApplicationReport awaitEnd(YarnClient yarn, ApplicationId app, long pollMillis) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(app);
            YarnApplicationState s = report.getYarnApplicationState();
            if (s == YarnApplicationState.FINISHED
                    || s == YarnApplicationState.FAILED
                    || s == YarnApplicationState.KILLED) {
                return report;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "application " + app + " still " + s + " after " + TIMEOUT_MILLIS + " ms");
            }
            Thread.sleep(pollMillis);
        }
    }
}
