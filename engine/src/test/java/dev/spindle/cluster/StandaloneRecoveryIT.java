package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.examples.KeyedCount;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery on a standalone cluster of real processes (a JobManager that starts two TaskManager
 * processes of one slot): a keyed count with checkpoints every 200 ms writes through the
 * exactly-once file sink while its tasks fail or its TaskManagers are killed with SIGKILL; the
 * job restarts from its latest checkpoint on a replacement TaskManager, and the committed output
 * equals, line for line, the counts computed without the engine.
 */
class StandaloneRecoveryIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long KEYS = 100;

    @TempDir
    static Path dir;

    static StandaloneClusterProcess cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster =
                StandaloneClusterProcess.start(dir.resolve("cluster"), Map.of("slotmanager.number-of-slots.min", "2"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTaskThatThrowsOnceRestartsFromTheLatestCheckpointWithExactOutput() throws Exception {
        cluster.awaitIdleTaskManagers(2, TIMEOUT);
        long records = 40_000;
        Path out = dir.resolve("throws-once");
        StreamExecutionEnvironment env = keyedCount(out, records, 20_000, 3, records - records / 10);
        JobClient job = env.executeAsync("keyed count; a task throws once");
        JobExecutionResultResponse result = cluster.awaitResult(job.getJobId(), TIMEOUT);

        assertEquals("SUCCEEDED", result.result().applicationStatus(), () -> cluster.logs());
        assertTrue(Files.exists(out.resolveSibling("throws-once.failed")), "the task threw once");
        assertEquals(1, cluster.job(job.getJobId()).restarts());
        assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(out));
    }

    @Test
    void fiveTaskManagersKilledInARowAndTheOutputIsStillExact() throws Exception {
        cluster.awaitIdleTaskManagers(2, TIMEOUT);
        long records = 160_000;
        Path out = dir.resolve("five-kills");
        StreamExecutionEnvironment env = keyedCount(out, records, 16_000, 10, -1);
        JobClient job = env.executeAsync("keyed count; five TaskManagers killed");
        JobId id = job.getJobId();
        for (int kill = 1; kill <= 5; kill++) {
            cluster.awaitAllTasksRunning(id, TIMEOUT);
            awaitCompletedCheckpoint(id);
            String victim =
                    cluster.rest().taskManagers().get(kill % 2 == 0 ? 0 : 1).id();
            ProcessHandle process = cluster.taskManagerProcess(victim);
            long killedAt = System.currentTimeMillis();
            assertTrue(process.destroyForcibly(), "SIGKILL to " + process.pid());
            awaitRestarts(id, kill);
            cluster.awaitAllTasksRunning(id, TIMEOUT);
            System.out.printf(
                    "kill %d of %s: all tasks RUNNING again %d ms later%n",
                    kill, victim, System.currentTimeMillis() - killedAt);
        }
        JobExecutionResultResponse result = cluster.awaitResult(id, TIMEOUT);
        assertEquals("SUCCEEDED", result.result().applicationStatus(), () -> cluster.logs());
        // At least one restart per kill. A kill can cost two on a loaded machine: the restart after a
        // consumer saw its producer's TaskManager go may deploy into the dead TaskManager's slot before
        // the resource manager has declared it lost.
        int restarts = cluster.job(id).restarts();
        assertTrue(restarts >= 5 && restarts <= 10, "restarts: " + restarts);
        assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(out));
    }

    @Test
    void aJobWhoseRestartsAreExhaustedFailsWithItsCause() throws Exception {
        cluster.awaitIdleTaskManagers(2, TIMEOUT);
        StreamExecutionEnvironment env = cluster.environment(2);
        env.enableCheckpointing(200);
        env.getConfiguration().setString("restart-strategy.type", "fixed-delay");
        env.getConfiguration().setString("restart-strategy.fixed-delay.attempts", "2");
        env.getConfiguration().setString("restart-strategy.fixed-delay.delay", "50 ms");
        env.getConfiguration()
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        dir.resolve("checkpoints").toUri().toString());
        env.fromGenerator(10_000, i -> i, Types.LONG, 10_000)
                .map(new AlwaysFailsAt(2_000))
                .returns(Types.LONG)
                .addSink(v -> {});
        JobClient job = env.executeAsync("fails every time");
        JobExecutionResultResponse result = cluster.awaitResult(job.getJobId(), TIMEOUT);

        assertEquals("FAILED", result.result().applicationStatus());
        assertTrue(
                result.result().failureCause().stackTrace().contains("fails at record 2000 every time"),
                result.result().failureCause().stackTrace());
        assertEquals(2, cluster.job(job.getJobId()).restarts());
    }

    /** Throws at record {@code at}, in every attempt. */
    static final class AlwaysFailsAt implements dev.spindle.api.functions.MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long at;

        AlwaysFailsAt(long at) {
            this.at = at;
        }

        @Override
        public Long map(Long value) {
            if (value == at) {
                throw new IllegalStateException("fails at record " + at + " every time");
            }
            return value;
        }
    }

    /** The keyed count of {@link KeyedCount} with checkpoints every 200 ms and the exactly-once sink. */
    private static StreamExecutionEnvironment keyedCount(
            Path out, long records, double rate, int attempts, long failOnceAt) {
        StreamExecutionEnvironment env = cluster.environment(2);
        env.enableCheckpointing(200);
        env.getConfiguration().setString("restart-strategy.type", "fixed-delay");
        env.getConfiguration().setString("restart-strategy.fixed-delay.attempts", Integer.toString(attempts));
        env.getConfiguration().setString("restart-strategy.fixed-delay.delay", "50 ms");
        env.getConfiguration()
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        dir.resolve("checkpoints").toUri().toString());
        DataStream<Long> input = env.fromGenerator(records, i -> i, Types.LONG, rate);
        if (failOnceAt >= 0) {
            input = input.map(new KeyedCount.FailOnce(
                            failOnceAt,
                            out.resolveSibling(out.getFileName() + ".failed").toString()))
                    .returns(Types.LONG);
        }
        long keys = KEYS;
        input.keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        return env;
    }

    /** Waits until the job (its current attempt) has completed a checkpoint, before the next fault. */
    private static void awaitCompletedCheckpoint(JobId id) throws Exception {
        long before = cluster.rest().checkpoints(id).counts().completed();
        cluster.awaitCondition(
                "a checkpoint of " + id + " completed",
                TIMEOUT,
                () -> cluster.rest().checkpoints(id).counts().completed() > before,
                () -> "");
    }

    private static void awaitRestarts(JobId id, int restarts) throws Exception {
        cluster.awaitCondition(
                restarts + " restarts of " + id,
                TIMEOUT,
                () -> {
                    JobDetailsResponse job = cluster.job(id);
                    return job.restarts() >= restarts;
                },
                () -> "");
    }
}
