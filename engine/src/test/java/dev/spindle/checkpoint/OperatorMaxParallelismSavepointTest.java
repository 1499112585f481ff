package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.OperatorIds;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed operator with its own max parallelism (7, the job's being 128) on the local executor:
 * its savepoint records 7 for its tasks and 128 for the others, it resumes at a higher and at a
 * lower parallelism within 7 with exactly the output of one run, and resuming it with another max
 * parallelism fails naming the operator.
 */
class OperatorMaxParallelismSavepointTest {
    static final long RECORDS = 30_000;
    static final long KEYS = 100;
    static final int COUNT_MAX_PARALLELISM = 7;
    static final String COUNT_UID = "count";

    @TempDir
    Path dir;

    /** The keyed count with uids; the keyed step has max parallelism {@code countMax}. */
    private LocalJobRunner start(Path out, int parallelism, String savepoint, double rate, int countMax)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        if (savepoint != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        long keys = KEYS;
        DataStream<Long> records =
                env.fromGenerator(RECORDS, i -> i, Types.LONG, rate).uid("records");
        records.keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .uid(COUNT_UID)
                .setMaxParallelism(countMax)
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE)
                .uid("counts");
        return new LocalJobRunner(env.getJobGraph("max-parallelism"), getClass().getClassLoader()).start();
    }

    private String stop(LocalJobRunner job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (job.jobMaster().checkpointStats() == null
                || job.jobMaster().checkpointStats().completed() < 1) {
            assertTrue(System.nanoTime() < deadline, "no checkpoint completed in 30 s");
            Thread.sleep(10);
        }
        String path = job.jobMaster()
                .triggerSavepoint(dir.resolve("savepoints").toUri().toString(), SavepointType.STOP)
                .get(60, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());
        return path;
    }

    /** Each operator id of the savepoint with the max parallelism of its tasks. */
    private static Map<String, List<Integer>> maxParallelismPerOperator(String savepoint) throws Exception {
        Path directory = Path.of(java.net.URI.create(savepoint));
        CompletedCheckpoint read = CheckpointMetadata.deserialize(
                Files.readAllBytes(directory.resolve("_metadata")), "_metadata", savepoint);
        Map<String, List<Integer>> result = new TreeMap<>();
        for (TaskSnapshot task : read.tasks()) {
            for (OperatorSnapshot op : task.operators()) {
                result.computeIfAbsent(op.operatorId(), id -> new ArrayList<>()).add(task.maxParallelism());
            }
        }
        return result;
    }

    @Test
    void resumesUpAndDownWithinItsOwnMaxParallelismWithExactlyTheOutputOfOneRun() throws Exception {
        List<String> all = new ArrayList<>();
        LocalJobRunner first = start(dir.resolve("out-1"), 4, null, 10_000, COUNT_MAX_PARALLELISM);
        String savepoint1 = stop(first);
        all.addAll(KeyedCountOutput.committedLines(dir.resolve("out-1")));
        assertTrue(all.size() > 0 && all.size() < RECORDS, "stopped mid-way: " + all.size() + " lines");
        assertEquals(
                Map.of(
                        OperatorIds.fromUid("records"), List.of(128, 128, 128, 128),
                        OperatorIds.fromUid(COUNT_UID), List.of(7, 7, 7, 7),
                        OperatorIds.fromUid("counts"), List.of(128, 128, 128, 128)),
                maxParallelismPerOperator(savepoint1));

        LocalJobRunner second = start(dir.resolve("out-2"), 7, savepoint1, 10_000, COUNT_MAX_PARALLELISM);
        String savepoint2 = stop(second);
        List<String> secondLines = KeyedCountOutput.committedLines(dir.resolve("out-2"));
        assertFalse(secondLines.isEmpty(), "the resumed job went on");
        all.addAll(secondLines);
        assertTrue(all.size() < RECORDS, "stopped again before the end: " + all.size());

        LocalJobRunner third = start(dir.resolve("out-3"), 2, savepoint2, 0, COUNT_MAX_PARALLELISM);
        third.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, third.jobMaster().status());
        all.addAll(KeyedCountOutput.committedLines(dir.resolve("out-3")));

        all.sort(null);
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), all);
    }

    @Test
    void resumingWithAnotherMaxParallelismOfTheKeyedOperatorFailsNamingIt() throws Exception {
        String savepoint = stop(start(dir.resolve("out-1"), 2, null, 10_000, COUNT_MAX_PARALLELISM));

        LocalJobRunner changed = start(dir.resolve("out-2"), 2, savepoint, 0, 8);
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> changed.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        assertEquals(JobStatus.FAILED, changed.jobMaster().status());
        assertEquals(
                "Job 'max-parallelism' could not start: the keyed state of operator 'Keyed Process' (operator id "
                        + OperatorIds.fromUid(COUNT_UID) + ", uid '" + COUNT_UID + "') in " + savepoint
                        + " has max parallelism 7, but the operator now has max parallelism 8; keyed state keeps its"
                        + " max parallelism: give that operator setMaxParallelism(7) (or, if it sets none, set"
                        + " pipeline.max-parallelism to 7)",
                e.getCause().getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("out-2")), "the refused job wrote nothing");
    }
}
