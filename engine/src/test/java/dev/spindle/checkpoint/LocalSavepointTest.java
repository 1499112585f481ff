package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints on the local executor: the keyed count with the exactly-once sink is stopped with a
 * savepoint, resumed from it at parallelism 1, stopped again, and resumed at parallelism 3 to the
 * end; the three runs' committed output together is exactly the output of one run.
 */
class LocalSavepointTest {
    static final long RECORDS = 30_000;
    static final long KEYS = 100;

    @TempDir
    Path dir;

    /** The keyed count with uids, as KeyedCount builds it; {@code countUid} names the keyed step. */
    private LocalJobRunner start(
            Path out, int parallelism, String savepoint, double rate, String countUid, boolean allowNonRestored)
            throws Exception {
        return start(out, parallelism, savepoint, rate, countUid, allowNonRestored, new Configuration());
    }

    private LocalJobRunner start(
            Path out,
            int parallelism,
            String savepoint,
            double rate,
            String countUid,
            boolean allowNonRestored,
            Configuration conf)
            throws Exception {
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        if (savepoint != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_PATH, savepoint);
        }
        conf.set(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestored);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        long keys = KEYS;
        DataStream<Long> records =
                env.fromGenerator(RECORDS, i -> i, Types.LONG, rate).uid("records");
        records.keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .uid(countUid)
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE)
                .uid("counts");
        return new LocalJobRunner(env.getJobGraph("savepoints"), LocalSavepointTest.class.getClassLoader()).start();
    }

    private static void awaitCheckpoint(LocalJobRunner job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            CheckpointStats stats = job.jobMaster().checkpointStats();
            if (stats != null && stats.completed() >= 1) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no checkpoint completed in 30 s");
            Thread.sleep(10);
        }
    }

    private String stop(LocalJobRunner job, SavepointType type) throws Exception {
        awaitCheckpoint(job);
        String path = job.jobMaster()
                .triggerSavepoint(dir.resolve("savepoints").toUri().toString(), type)
                .get(60, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());
        assertTrue(Files.exists(Path.of(java.net.URI.create(path)).resolve("_metadata")), path);
        return path;
    }

    @Test
    void stopResumeAtOneThenThreeGivesExactlyTheOutputOfOneRun() throws Exception {
        List<String> all = new ArrayList<>();
        LocalJobRunner first = start(dir.resolve("out-1"), 2, null, 10_000, "count", false);
        String savepoint1 = stop(first, SavepointType.STOP);
        all.addAll(KeyedCountOutput.committedLines(dir.resolve("out-1")));
        assertTrue(all.size() > 0 && all.size() < RECORDS, "stopped mid-way: " + all.size() + " lines");

        LocalJobRunner second = start(dir.resolve("out-2"), 1, savepoint1, 10_000, "count", false);
        String savepoint2 = stop(second, SavepointType.STOP);
        List<String> secondLines = KeyedCountOutput.committedLines(dir.resolve("out-2"));
        assertFalse(secondLines.isEmpty(), "the resumed job went on");
        all.addAll(secondLines);
        assertTrue(all.size() < RECORDS, "stopped again before the end: " + all.size());

        LocalJobRunner third = start(dir.resolve("out-3"), 3, savepoint2, 0, "count", false);
        third.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, third.jobMaster().status());
        assertNotNull(third.jobMaster().checkpointStats().restored(), "restored from the savepoint");
        all.addAll(KeyedCountOutput.committedLines(dir.resolve("out-3")));

        all.sort(null);
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), all);
    }

    @Test
    void aSavepointLetsTheJobGoOnAndStopAndDrainEndsItFinished() throws Exception {
        LocalJobRunner job = start(dir.resolve("out"), 2, null, 10_000, "count", false);
        awaitCheckpoint(job);
        String savepoint = job.jobMaster()
                .triggerSavepoint(dir.resolve("savepoints").toUri().toString(), SavepointType.SAVEPOINT)
                .get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.RUNNING, job.jobMaster().status());
        CheckpointStats stats = job.jobMaster().checkpointStats();
        assertEquals(savepoint, stats.latestSavepoint().externalPath());
        assertTrue(stats.latestSavepoint().savepoint());

        String drained = stop(job, SavepointType.STOP_AND_DRAIN);
        List<String> lines = KeyedCountOutput.committedLines(dir.resolve("out"));
        assertTrue(lines.size() < RECORDS, "stopped before the end: " + lines.size());
        // Every key's counts are 1..n without a gap or a repeat: what was drained is committed whole.
        java.util.Map<String, List<Long>> counts = new java.util.TreeMap<>();
        for (String line : lines) {
            String[] kv = line.split(",");
            counts.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1]));
        }
        counts.forEach((key, values) -> {
            values.sort(null);
            for (int i = 0; i < values.size(); i++) {
                assertEquals(i + 1, values.get(i), "key " + key);
            }
        });
        // A drained job ended its input: resumed from that savepoint, its tasks are finished and emit nothing.
        LocalJobRunner rest = start(dir.resolve("out-rest"), 2, drained, 0, "count", false);
        rest.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, rest.jobMaster().status());
        assertEquals(List.of(), KeyedCountOutput.committedLines(dir.resolve("out-rest")));
    }

    @Test
    void stateOfAnOperatorThatIsGoneFailsTheStartUnlessAllowed() throws Exception {
        LocalJobRunner first = start(dir.resolve("out-1"), 2, null, 10_000, "count", false);
        String savepoint = stop(first, SavepointType.STOP);

        LocalJobRunner renamed = start(dir.resolve("out-2"), 2, savepoint, 0, "renamed-count", false);
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> renamed.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        String message = String.valueOf(e.getCause().getMessage());
        assertTrue(message.contains(dev.spindle.graph.OperatorIds.fromUid("count")), message);
        assertTrue(message.contains("--allowNonRestoredState"), message);
        assertEquals(JobStatus.FAILED, renamed.jobMaster().status());

        LocalJobRunner allowed = start(dir.resolve("out-3"), 2, savepoint, 0, "renamed-count", true);
        allowed.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, allowed.jobMaster().status());
    }

    @Test
    void aMissingPathOrAFinishedJobIsAClearError() throws Exception {
        LocalJobRunner missing =
                start(dir.resolve("out"), 1, dir.resolve("nothing-here").toUri().toString(), 0, "count", false);
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> missing.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        assertTrue(
                String.valueOf(e.getCause().getMessage()).contains("there is no savepoint or retained checkpoint at"),
                e.getCause().getMessage());
        assertFalse(
                Files.exists(dir.resolve("checkpoints")
                        .resolve(missing.jobMaster().jobId().toString())),
                "a job refused at its start leaves no checkpoint directory");

        LocalJobRunner done = start(dir.resolve("out-2"), 1, null, 0, "count", false);
        done.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        ExecutionException finished = assertThrows(
                ExecutionException.class,
                () -> done.jobMaster()
                        .triggerSavepoint(dir.toUri().toString(), SavepointType.STOP)
                        .get(10, TimeUnit.SECONDS));
        assertTrue(finished.getCause() instanceof SavepointException, finished.toString());
        assertTrue(
                finished.getCause().getMessage().contains("has already ended (FINISHED)"),
                finished.getCause().getMessage());
    }

    @Test
    void aRetainedCheckpointOfACancelledJobResumesExactly() throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.RETENTION, dev.spindle.core.CheckpointRetention.RETAIN_ON_CANCELLATION);
        LocalJobRunner first = start(dir.resolve("out-1"), 2, null, 10_000, "count", false, conf);
        awaitCheckpoint(first);
        Thread.sleep(300); // a few more checkpoints
        first.jobMaster().cancel();
        assertThrows(
                ExecutionException.class, () -> first.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        assertEquals(JobStatus.CANCELED, first.jobMaster().status());
        String retained = first.jobMaster().checkpointStats().latestCompleted().externalPath();
        assertTrue(Files.exists(Path.of(java.net.URI.create(retained)).resolve("_metadata")), retained);

        LocalJobRunner resumed = start(dir.resolve("out-2"), 2, retained, 0, "count", false);
        resumed.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, resumed.jobMaster().status());
        List<String> all = new ArrayList<>(KeyedCountOutput.committedLines(dir.resolve("out-1")));
        all.addAll(KeyedCountOutput.committedLines(dir.resolve("out-2")));
        all.sort(null);
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), all);
    }
}
