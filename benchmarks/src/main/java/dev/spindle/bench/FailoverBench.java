package dev.spindle.bench;

import dev.spindle.bench.FailoverRun.Failover;
import dev.spindle.bench.YarnBenchCluster.Submitted;
import dev.spindle.core.JobId;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;

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
public final class FailoverBench extends YarnBench<FailoverArguments, FailoverRun> {
    private FailoverBench(FailoverArguments args, YarnBenchCluster cluster) {
        super(args, cluster, "bench: run ");
    }

    public static void main(String[] argv) throws Exception {
        YarnBench.main("FailoverBench", argv, FailoverArguments::parse, FailoverBench::new);
    }

    /** The detached per-job {@code spindle run} command of one run, with high availability on the quorum. */
    static List<String> submitCommand(FailoverArguments args, Path dir, Path output) {
        List<String> settings = List.of(
                "high-availability.type=zookeeper",
                "high-availability.zookeeper.quorum=" + args.quorum(),
                "high-availability.storageDir=" + args.work().resolve("ha").toUri(),
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=100 ms");
        return keyedCountCommand(
                args,
                settings,
                dir,
                new KeyedCountOptions(args.records(), args.keys(), args.intervalMillis(), output, args.rate()));
    }

    @Override
    FailoverRun run(int run) throws Exception {
        Path dir = args.work().resolve("run-" + run);
        Path output = dir.resolve("output");
        Files.createDirectories(dir);
        Submitted submitted = cluster.submit(label(run), submitCommand(args, dir, output), dir, "run-" + run);
        ApplicationId app = submitted.app();
        JobId job = submitted.job();

        JobDetailsResponse first =
                JobProbes.await(submitted.rest(), job, d -> d.allTasksRunningTime() > 0, "every task running");
        ApplicationReport started = cluster.yarn().getApplicationReport(app);
        long submitToRunning = first.allTasksRunningTime() - submitted.startMillis();
        long appStartToRunning = first.allTasksRunningTime() - started.getStartTime();
        log.printf(
                "bench: run %d: job %s running %d ms after the command's start, %d ms after the application's%n",
                run, job, submitToRunning, appStartToRunning);
        JobProbes.awaitCompletedCheckpoints(submitted.rest(), job, args.checkpointsBeforeKill());

        Set<String> before = cluster.taskManagers(app);
        ApplicationAttemptReport attempt =
                cluster.yarn().getApplicationAttempts(app).get(0);
        ProcessHandle am =
                YarnBenchCluster.containerJvm(attempt.getAMContainerId().toString());
        String oldTrackingUrl = cluster.yarn().getApplicationReport(app).getOriginalTrackingUrl();
        long killedAt = YarnBenchCluster.kill(am);
        log.printf(
                "bench: run %d: SIGKILL to the ApplicationMaster container %s (pid %d) at %s; TaskManagers %s%n",
                run, attempt.getAMContainerId(), am.pid(), Instant.ofEpochMilli(killedAt), before);
        Set<String> seen = new TreeSet<>();
        Failover failover = awaitFailover(app, job, oldTrackingUrl, killedAt, seen);
        Set<String> after = cluster.taskManagers(app);
        log.printf("bench: run %d: %s; TaskManagers %s%n", run, failover, after);

        Ended end = awaitEnd(app, output, args.records(), args.keys());
        return new FailoverRun(
                run, submitToRunning, appStartToRunning, failover, before, after, seen, end.finalStatus(), end.check());
    }

    @Override
    String describe(FailoverRun run) {
        return run.failover() + ", containers kept " + run.containersKept() + ", " + run.check() + ", "
                + run.finalStatus();
    }

    /**
     * Polls YARN and, once the tracking URL names a new REST endpoint, the job there every {@value
     * JobProbes#POLL_MILLIS} ms, until the job runs with every task in the new attempt and a checkpoint
     * triggered after the kill has completed; adds every running TaskManager container seen to
     * {@code seen}.
     */
    private Failover awaitFailover(ApplicationId app, JobId job, String oldTrackingUrl, long killedAt, Set<String> seen)
            throws Exception {
        long deadline = killedAt + JobProbes.TIMEOUT_MILLIS;
        long toAttempt = -1;
        long toAttemptRunning = -1;
        long toRest = -1;
        long toRunning = -1;
        long toCheckpoint = -1;
        RestClient rest = null;
        String restUrl = oldTrackingUrl;
        while (toRunning < 0 || toCheckpoint < 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no failover within " + JobProbes.TIMEOUT_MILLIS + " ms: attempt "
                        + toAttempt + " ms, REST " + toRest + " ms, running " + toRunning + " ms after the kill");
            }
            seen.addAll(cluster.taskManagers(app));
            if (toAttemptRunning < 0) {
                List<ApplicationAttemptReport> attempts = cluster.yarn().getApplicationAttempts(app);
                if (attempts.size() >= 2) {
                    toAttempt = toAttempt < 0 ? System.currentTimeMillis() - killedAt : toAttempt;
                    if (attempts.get(attempts.size() - 1).getYarnApplicationAttemptState()
                            == YarnApplicationAttemptState.RUNNING) {
                        toAttemptRunning = System.currentTimeMillis() - killedAt;
                    }
                }
            }
            ApplicationReport report = cluster.yarn().getApplicationReport(app);
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
                    if (toRunning < 0 && JobProbes.allRunning(d) && d.allTasksRunningTime() > killedAt) {
                        toRunning = d.allTasksRunningTime() - killedAt;
                    }
                    if (toCheckpoint < 0) {
                        toCheckpoint = JobProbes.firstCheckpointAfter(rest.checkpoints(job), killedAt);
                    }
                    if (d.endTime() > 0 && (toRunning < 0 || toCheckpoint < 0)) {
                        throw new IllegalStateException("the job ended (" + d.state() + ") before it failed over");
                    }
                } catch (IOException e) {
                    // the new leader is not serving the job yet
                }
            }
            Thread.sleep(JobProbes.POLL_MILLIS);
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

    @Override
    List<String> report(List<FailoverRun> runs, PrintStream out) {
        FailoverRun.printFigures(args, runs, out);
        return FailoverRun.problems(runs);
    }
}
