package dev.spindle.bench;

import dev.spindle.bench.YarnBenchCluster.Submitted;
import dev.spindle.core.JobId;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
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
public final class RecoveryBench extends YarnBench<RecoveryArguments, RecoveryRun> {
    private RecoveryBench(RecoveryArguments args, YarnBenchCluster cluster) {
        super(args, cluster, "bench: run ");
    }

    public static void main(String[] argv) throws Exception {
        YarnBench.main("RecoveryBench", argv, RecoveryArguments::parse, RecoveryBench::new);
    }

    List<String> submitCommand(Path dir, Path output) {
        List<String> settings = List.of(
                "restart-strategy.type=fixed-delay",
                "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=" + args.restartDelayMillis() + " ms");
        return keyedCountCommand(
                args,
                settings,
                dir,
                new KeyedCountOptions(args.records(), args.keys(), args.intervalMillis(), output, args.rate()));
    }

    /** What the polls saw after the kill; times in ms from the kill, -1 when not seen. */
    record Recovery(long toRestarting, long toRunning, long toCheckpoint, int restarts) {}

    @Override
    RecoveryRun run(int run) throws Exception {
        Path dir = args.work().resolve("run-" + run);
        Path output = dir.resolve("output");
        Files.createDirectories(dir);
        Submitted submitted = cluster.submit(label(run), submitCommand(dir, output), dir, "run-" + run);
        RestClient rest = submitted.rest();
        JobId job = submitted.job();

        JobDetailsResponse first = JobProbes.await(rest, job, d -> d.allTasksRunningTime() > 0, "every task running");
        long submitToRunning = first.allTasksRunningTime() - submitted.startMillis();
        long initialDeploy = first.allTasksRunningTime() - first.startTime();
        log.printf(
                "bench: run %d: job %s running %d ms after the command's start (deployment %d ms)%n",
                run, job, submitToRunning, initialDeploy);
        JobProbes.awaitCompletedCheckpoints(rest, job, args.checkpointsBeforeKill());

        String victim = twoTaskManagers(submitted.app()).get(0);
        ProcessHandle jvm = YarnBenchCluster.containerJvm(victim);
        long killedAt = YarnBenchCluster.kill(jvm);
        log.printf(
                "bench: run %d: SIGKILL to TaskManager container %s (pid %d) at %s%n",
                run, victim, jvm.pid(), Instant.ofEpochMilli(killedAt));
        Recovery recovery = awaitRecovery(rest, job, killedAt, first.restarts());
        log.printf("bench: run %d: %s%n", run, recovery);

        Ended end = awaitEnd(submitted.app(), output, args.records(), args.keys());
        ExactlyOnceCheck.Result check = end.check();
        return new RecoveryRun(
                run,
                submitToRunning,
                initialDeploy,
                recovery,
                end.finalStatus(),
                check.lines(),
                check.lost(),
                check.duplicated(),
                check.unexpected());
    }

    /**
     * Polls the job every {@value JobProbes#POLL_MILLIS} ms until it runs again with every task (a
     * restart counted, its {@code all-tasks-running-time} after the kill, every vertex's tasks
     * RUNNING) and a checkpoint triggered after the kill has completed.
     */
    private static Recovery awaitRecovery(RestClient rest, JobId job, long killedAt, int restartsBefore)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + JobProbes.TIMEOUT_MILLIS;
        long toRestarting = -1;
        long toRunning = -1;
        long toCheckpoint = -1;
        int restarts = restartsBefore;
        while (toRunning < 0 || toCheckpoint < 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the job did not recover within " + JobProbes.TIMEOUT_MILLIS + " ms");
            }
            JobDetailsResponse d = rest.jobDetails(job);
            restarts = d.restarts();
            if (toRestarting < 0 && (d.restarts() > restartsBefore || !"RUNNING".equals(d.state()))) {
                toRestarting = System.currentTimeMillis() - killedAt;
            }
            if (toRunning < 0
                    && d.restarts() > restartsBefore
                    && JobProbes.allRunning(d)
                    && d.allTasksRunningTime() > killedAt) {
                toRunning = d.allTasksRunningTime() - killedAt;
            }
            if (d.endTime() > 0 && (toRunning < 0 || toCheckpoint < 0)) {
                throw new IllegalStateException("the job ended (" + d.state() + ") before it recovered: running "
                        + toRunning + " ms, checkpoint " + toCheckpoint + " ms after the kill");
            }
            if (toCheckpoint < 0) {
                toCheckpoint = JobProbes.firstCheckpointAfter(rest.checkpoints(job), killedAt);
            }
            Thread.sleep(JobProbes.POLL_MILLIS);
        }
        return new Recovery(toRestarting, toRunning, toCheckpoint, restarts - restartsBefore);
    }

    /** The ids of the application's two running TaskManager containers, in order. */
    private List<String> twoTaskManagers(ApplicationId app) throws IOException, YarnException {
        List<String> tms = List.copyOf(cluster.taskManagers(app));
        if (tms.size() != 2) {
            throw new IllegalStateException("expected 2 running TaskManager containers of " + app + ", found " + tms);
        }
        return tms;
    }

    @Override
    List<String> report(List<RecoveryRun> runs, PrintStream out) {
        RecoveryRun.printFigures(args, runs, out);
        return RecoveryRun.problems(runs);
    }
}
