package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed count with checkpoints and the exactly-once file sink, run on the local executor: a
 * task throws once mid-job, the job restarts from its latest checkpoint, and the committed output
 * is exactly that of a run without failure, line for line.
 */
class LocalRecoveryTest {
    static final long RECORDS = 20_000;
    static final long KEYS = 100;

    @TempDir
    Path dir;

    @Test
    void aJobThatFailsOnceEndsWithTheOutputOfARunWithoutFailure() throws Exception {
        Path out = dir.resolve("out");
        LocalJobRunner job =
                runFailingOnce(dir, out, dir.resolve("checkpoints").toUri().toString(), 20_000);
        assertRecoveredExactly(job, dir, out);
    }

    /**
     * Runs the keyed count with checkpoints every 200 ms to {@code checkpoints} and the
     * exactly-once sink into {@code out}, {@code rate} records a second; a task throws once, 90 %
     * into the input. Returns the ended job.
     */
    static LocalJobRunner runFailingOnce(Path dir, Path out, String checkpoints, double rate) throws Exception {
        StreamExecutionEnvironment env = environment(checkpoints);
        // Subtask 2 of 2 generates the second half; it fails 80 % into it, after a few checkpoints.
        DataStream<Long> records = env.fromGenerator(RECORDS, i -> i, Types.LONG, rate)
                .map(new KeyedCount.FailOnce(
                        RECORDS * 9 / 10, dir.resolve("failed").toString()))
                .returns(Types.LONG);
        long keys = KEYS;
        records.keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        return runToEnd(env, "recovery");
    }

    /**
     * A local environment for the recovery tests: parallelism 2, a checkpoint every 200 ms to
     * {@code checkpoints}, fixed-delay restarts (3 attempts, 10 ms apart).
     */
    static StreamExecutionEnvironment environment(String checkpoints) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "10 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        return env;
    }

    /** Runs the environment's job on the local executor until it ends (60 s at most); returns it. */
    static LocalJobRunner runToEnd(StreamExecutionEnvironment env, String name) throws Exception {
        LocalJobRunner job =
                new LocalJobRunner(env.getJobGraph(name), LocalRecoveryTest.class.getClassLoader()).start();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        return job;
    }

    /** The job failed once, restored a checkpoint, and committed exactly the expected lines. */
    static void assertRecoveredExactly(LocalJobRunner job, Path dir, Path out) throws IOException {
        assertTrue(Files.exists(dir.resolve("failed")), "the job failed once");
        assertEquals(1, job.jobMaster().numRestarts());
        CheckpointStats stats = job.jobMaster().checkpointStats();
        assertNotNull(stats.restored(), "the restart restored a checkpoint: " + stats);
        assertTrue(
                stats.restored().id() >= 1,
                "restored from checkpoint " + stats.restored().id());
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), KeyedCountOutput.committedLines(out));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().startsWith("."))
                            .toList(),
                    "no hidden part files left");
        }
    }
}
