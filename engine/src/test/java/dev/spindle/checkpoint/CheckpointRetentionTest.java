package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stays on the checkpoint file system: the newest {@code state.checkpoints.num-retained}
 * completed checkpoints while the job runs; after a cancellation nothing, or everything kept with
 * RETAIN_ON_CANCELLATION, and what is kept loads as the job's latest checkpoint.
 */
class CheckpointRetentionTest {
    @TempDir
    Path dir;

    @Test
    void theNewestCheckpointsAreKeptAndACancelledJobsAreDeleted() throws Exception {
        LocalJobRunner job = start(CheckpointRetention.DELETE_ON_CANCELLATION);
        Path jobDir = dir.resolve(job.getJobId().toString());
        awaitCompleted(job, 4);
        List<Long> kept = CheckpointStorage.forJob(config(CheckpointRetention.DELETE_ON_CANCELLATION), job.getJobId())
                .completedCheckpointIds();
        assertEquals(2, kept.size(), "kept: " + kept);
        long latest = job.jobMaster().checkpointStats().history().stream()
                .filter(e -> e.status().equals("COMPLETED"))
                .mapToLong(CheckpointStats.Entry::id)
                .max()
                .orElseThrow();
        assertTrue(kept.get(1) == latest || kept.get(1) == latest - 1, kept + " vs latest " + latest);

        cancel(job);
        awaitGone(jobDir);
        assertFalse(Files.exists(jobDir), "a cancelled job's checkpoints are deleted");
    }

    @Test
    void retainOnCancellationKeepsTheLatestCheckpointLoadable() throws Exception {
        LocalJobRunner job = start(CheckpointRetention.RETAIN_ON_CANCELLATION);
        awaitCompleted(job, 2);
        cancel(job);
        CheckpointStorage storage =
                CheckpointStorage.forJob(config(CheckpointRetention.RETAIN_ON_CANCELLATION), job.getJobId());
        CompletedCheckpoint latest = storage.findLatest().orElseThrow();
        assertEquals(2, latest.tasks().size(), "both subtasks of the keyed count and the source");
        assertTrue(latest.tasks().stream().anyMatch(t -> t.stateFiles().size() == 1), "keyed state is in it");
        try (Stream<Path> files = Files.list(Path.of(java.net.URI.create(latest.externalPointer())))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("_metadata")));
        }
    }

    private Configuration config(CheckpointRetention retention) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        conf.set(CheckpointingOptions.NUM_RETAINED, 2);
        conf.set(CheckpointingOptions.RETENTION, retention);
        return conf;
    }

    private LocalJobRunner start(CheckpointRetention retention) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config(retention));
        env.setParallelism(1);
        env.enableCheckpointing(50);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 5_000)
                .keyBy(i -> i % 10)
                .process(new KeyedCount.CountPerKey())
                .returns(Types.STRING)
                .addSink(v -> {});
        return new LocalJobRunner(env.getJobGraph("retention"), getClass().getClassLoader()).start();
    }

    private static void awaitCompleted(LocalJobRunner job, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (job.jobMaster().checkpointStats().completed() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("checkpoints: " + job.jobMaster().checkpointStats());
            }
            Thread.sleep(20);
        }
    }

    private static void cancel(LocalJobRunner job) throws Exception {
        job.cancel().get();
        try {
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // cancelled
        }
    }

    private static void awaitGone(Path path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(path) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
