package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that cannot complete in time (a task is stuck in one record longer than the
 * checkpoint timeout, so the barrier waits behind it) is declined and its files deleted; the next
 * checkpoint completes, and within the tolerated failures the job goes on without a restart.
 * Beyond them, the job fails over.
 */
class CheckpointTimeoutTest {
    static final AtomicBoolean STUCK_ONCE = new AtomicBoolean();

    @TempDir
    Path dir;

    @Test
    void aCheckpointThatTimesOutIsDeclinedAndTheNextOneCompletes() throws Exception {
        STUCK_ONCE.set(false);
        LocalJobRunner job = run(3);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        CheckpointStats stats = job.jobMaster().checkpointStats();
        List<CheckpointStats.Entry> history = stats.history();
        CheckpointStats.Entry timedOut = history.stream()
                .filter(e -> e.status().equals("FAILED"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed checkpoint: " + stats));
        assertTrue(timedOut.failureMessage().startsWith("timed out after 300 ms"), timedOut.toString());
        assertTrue(
                history.stream().anyMatch(e -> e.status().equals("COMPLETED") && e.id() > timedOut.id()),
                "a later checkpoint completed: " + stats);
        assertEquals(0, job.jobMaster().numRestarts());
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());
    }

    @Test
    void moreTimeoutsInARowThanToleratedFailTheJobOver() throws Exception {
        STUCK_ONCE.set(false);
        LocalJobRunner job = run(0);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        assertEquals(1, job.jobMaster().numRestarts(), "the failed checkpoint restarted the job");
        String cause = job.jobMaster().exceptionHistory().latest().stacktrace();
        assertTrue(cause.contains("Exceeded the tolerable number of failed checkpoints (0"), cause);
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());
    }

    private LocalJobRunner run(int tolerable) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        conf.set(CheckpointingOptions.TIMEOUT, Duration.ofMillis(300));
        conf.set(CheckpointingOptions.TOLERABLE_FAILED, tolerable);
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.delay", "10 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        env.fromGenerator(4_000, i -> i, Types.LONG, 8_000)
                .keyBy(i -> i % 10)
                .process(new StuckOnce())
                .returns(Types.LONG)
                .addSink(v -> {});
        return new LocalJobRunner(env.getJobGraph("stuck once"), getClass().getClassLoader()).start();
    }

    /** Takes 1.2 s over record 2000, once per test: barriers wait behind it. */
    static final class StuckOnce extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, Context<Long> context, Collector<Long> out) throws Exception {
            if (value == 2_000 && STUCK_ONCE.compareAndSet(false, true)) {
                Thread.sleep(1_200);
            }
            out.collect(value);
        }
    }
}
