package dev.spindle.bench;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.bench.SavepointFigures.Taken;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One local run of the savepoint benchmark ({@code scripts/bench savepoint}, docs/benchmarks.md):
 * the W2 job (the operators of the example {@link KeyedCount} with their uids, {@code --keys}
 * keys, a checkpoint every {@code --interval-ms} to {@code --checkpoint-dir}, a discarding sink)
 * on a {@link LocalJobRunner} in this JVM. Once {@code --warmup-checkpoints} periodic checkpoints
 * completed (long after every key got state), it takes {@code --savepoints} savepoints into
 * {@code --savepoint-dir}, one after the other, each followed by the job's next periodic
 * checkpoint, then stops the job with a savepoint ({@link SavepointType#STOP}). Measures each
 * savepoint's duration (trigger to completion, as the job's checkpoint statistics record it, and
 * the request's wall time) and its directory's bytes, against the baseline of the same run: the
 * periodic checkpoints that completed after the first savepoint (the same state, the same load, a
 * warm JVM), and one of their directories. Then the time from the stop request to the job
 * FINISHED, and checks the savepoints by resuming from them ({@link SavepointCheck}).
 *
 * <pre>
 * SavepointBench --checkpoint-dir URI --savepoint-dir URI [--keys K] [--parallelism P]
 *                [--interval-ms MS] [--savepoints K] [--warmup-checkpoints N] [--rate R] [--records N]
 * </pre>
 *
 * Prints progress on stderr and its figures ({@link SavepointFigures#print}) on stdout; exits 1
 * after the figures when a check failed, 2 on bad arguments.
 */
public final class SavepointBench {
    static final long TIMEOUT_SECONDS = 120;
    /** The uid of KeyedCount's keyed step, whose state the savepoints hold. */
    static final String COUNT_UID = "count-per-key";

    private SavepointBench() {}

    public static void main(String[] args) throws Exception {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SavepointBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        SavepointFigures f = run(a);
        f.print(System.out);
        List<String> problems = f.problems();
        if (!problems.isEmpty()) {
            System.err.println("SavepointBench: " + String.join("; ", problems));
            System.exit(1);
        }
    }

    /** The steps of {@link KeyedCount} up to its sink, with its uids; the source's uid as given. */
    static DataStream<String> keyedCount(
            StreamExecutionEnvironment env, long records, long keys, double rate, String sourceUid) {
        return env.fromGenerator(records, i -> i, Types.LONG, rate)
                .uid(sourceUid)
                .keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .name("Count per key")
                .uid(COUNT_UID)
                .returns(Types.STRING);
    }

    /** Runs the job, takes the savepoints, stops it, checks the savepoints; returns the figures. */
    static SavepointFigures run(Arguments a) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, a.checkpointDir);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(a.parallelism);
        env.enableCheckpointing(a.intervalMillis);
        long storageInitMillis = KeyedCountBench.warmUpStorage(conf);
        keyedCount(env, a.records, a.keys, a.rate, "records").addSink(new KeyedCount.Discard());
        JobGraph graph = env.getJobGraph("SavepointBench");
        String keyedVertex = KeyedCountBench.keyedVertexName(graph);

        LocalJobRunner job = new LocalJobRunner(graph, SavepointBench.class.getClassLoader());
        CheckpointWatcher watcher = new CheckpointWatcher(job.jobMaster()::checkpointStats);
        Measured m;
        try {
            m = measure(job.start(), a);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job or a savepoint failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a savepoint or the stop took longer than " + TIMEOUT_SECONDS + " s", e);
        } finally {
            watcher.stop();
            if (!job.jobMaster().status().isTerminal()) {
                job.cancel();
            }
        }
        CheckpointStats last = job.jobMaster().checkpointStats();
        List<CheckpointStats.Entry> entries = watcher.completedEntries(last);
        List<Taken> savepoints = new ArrayList<>();
        for (Request r : m.savepoints) {
            savepoints.add(taken(r, entries));
        }
        long firstSavepoint = savepoints.get(0).id();
        String checkDir = a.checkpointDir.replaceAll("/+$", "") + "-check";
        String lastSavepoint = m.savepoints.get(m.savepoints.size() - 1).path;
        return new SavepointFigures(
                a,
                storageInitMillis,
                entries.stream().filter(e -> !e.savepoint()).count(),
                entries.stream()
                        .filter(e -> !e.savepoint() && e.id() > firstSavepoint)
                        .toList(),
                m.checkpointDirBytes,
                savepoints,
                taken(m.stop, entries),
                m.stopToFinishedMillis,
                job.jobMaster().status().name(),
                m.result.counter(keyedVertex + ".numRecordsIn"),
                SavepointCheck.resume(lastSavepoint, a.keys, a.parallelism, checkDir),
                SavepointCheck.resume(m.stop.path, a.keys, a.parallelism, checkDir),
                last.failed());
    }

    /** What {@link #measure} saw of the running job. */
    private record Measured(
            List<Request> savepoints,
            long checkpointDirBytes,
            Request stop,
            long stopToFinishedMillis,
            JobExecutionResult result) {}

    /**
     * After the warm-up checkpoints, takes the savepoints, each followed by the next periodic
     * checkpoint (the baseline); measures a checkpoint directory; stops the job with a savepoint.
     */
    private static Measured measure(LocalJobRunner job, Arguments a)
            throws InterruptedException, ExecutionException, TimeoutException, IOException {
        awaitCompleted(job, a.warmupCheckpoints);
        List<Request> requests = new ArrayList<>();
        for (int i = 1; i <= a.savepoints; i++) {
            Request r = request(job, a.savepointDir, SavepointType.SAVEPOINT);
            log("savepoint %d/%d in %d ms: %s", i, a.savepoints, r.wallMillis, r.path);
            requests.add(r);
            awaitCompleted(job, job.jobMaster().checkpointStats().completed() + 1);
        }
        long checkpointDirBytes = retainedCheckpointBytes(job);
        // The moment the job's result completes: it completes as the job ends FINISHED.
        CompletableFuture<Long> finishedAt = job.getJobExecutionResult().handle((r, e) -> System.nanoTime());
        Request stop = request(job, a.savepointDir, SavepointType.STOP);
        JobExecutionResult result = job.getJobExecutionResult().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long stopToFinished =
                TimeUnit.NANOSECONDS.toMillis(finishedAt.get(TIMEOUT_SECONDS, TimeUnit.SECONDS) - stop.startNanos);
        log(
                "stopped with a savepoint: job %s %d ms after the request: %s",
                job.jobMaster().status(), stopToFinished, stop.path);
        return new Measured(requests, checkpointDirBytes, stop, stopToFinished, result);
    }

    /** One savepoint request: when it was made, its wall time to the path, the path. */
    record Request(long startNanos, long wallMillis, String path) {}

    private static Request request(LocalJobRunner job, String directory, SavepointType type)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        String path = job.jobMaster().triggerSavepoint(directory, type).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new Request(start, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), path);
    }

    /** A savepoint request with its statistics entry (found by path) and its directory's size. */
    static Taken taken(Request r, List<CheckpointStats.Entry> entries) throws IOException {
        CheckpointStats.Entry entry = entries.stream()
                .filter(e -> e.savepoint() && r.path.equals(e.externalPath()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no statistics of the savepoint " + r.path));
        long[] size = directorySize(r.path);
        return new Taken(entry.id(), entry.duration(), r.wallMillis, entry.stateSize(), size[0], size[1]);
    }

    /** Waits until at least {@code count} checkpoints (savepoints included) completed. */
    private static void awaitCompleted(LocalJobRunner job, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            CheckpointStats s = job.jobMaster().checkpointStats();
            if (s != null && s.completed() >= count) {
                return;
            }
            if (job.jobMaster().status().isTerminal() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the job is " + job.jobMaster().status() + " and completed "
                        + (s == null ? 0 : s.completed()) + " of " + count + " checkpoints");
            }
            Thread.sleep(20);
        }
    }

    /**
     * The bytes in the directory of the newest periodic checkpoint whose files are kept; a
     * checkpoint that a newer one subsumes while its directory is read is replaced by the newer.
     */
    private static long retainedCheckpointBytes(LocalJobRunner job) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            CheckpointStats s = job.jobMaster().checkpointStats();
            for (CheckpointStats.Entry e : s.history()) {
                if ("COMPLETED".equals(e.status()) && !e.savepoint() && s.isRetained(e.id())) {
                    try {
                        return directorySize(e.externalPath())[0];
                    } catch (NoSuchFileException | UncheckedIOException gone) {
                        break; // subsumed meanwhile: read the statistics again
                    }
                }
            }
        }
        throw new IllegalStateException("found no retained checkpoint directory to measure");
    }

    /** The bytes and the number of the regular files under a {@code file:} directory. */
    static long[] directorySize(String uri) throws IOException {
        Path dir = Path.of(URI.create(uri));
        long bytes = 0;
        long files = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    bytes += Files.size(p);
                    files++;
                }
            }
        }
        return new long[] {bytes, files};
    }

    private static void log(String format, Object... values) {
        System.err.printf("SavepointBench: " + format + "%n", values);
    }

    /** The command line of the driver. */
    record Arguments(
            long keys,
            int parallelism,
            long intervalMillis,
            String checkpointDir,
            String savepointDir,
            int savepoints,
            int warmupCheckpoints,
            long rate,
            long records) {
        static final String USAGE = "usage: SavepointBench --checkpoint-dir URI --savepoint-dir URI [--keys K]"
                + " [--parallelism P] [--interval-ms MS] [--savepoints K] [--warmup-checkpoints N]"
                + " [--rate R (0: unlimited)] [--records N]";

        static Arguments parse(String[] args) {
            long keys = 100_000;
            long parallelism = 2;
            long interval = 1000;
            String checkpointDir = null;
            String savepointDir = null;
            long savepoints = 5;
            long warmup = 2;
            long rate = 0;
            long records = 1_000_000_000_000L;
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag + "; " + USAGE);
                }
                String value = args[i + 1];
                switch (flag) {
                    case "--keys" -> keys = number(flag, value, 1, Long.MAX_VALUE);
                    case "--parallelism" -> parallelism = number(flag, value, 1, 128);
                    case "--interval-ms" -> interval = number(flag, value, 1, Long.MAX_VALUE);
                    case "--checkpoint-dir" -> checkpointDir = fileUri(flag, value);
                    case "--savepoint-dir" -> savepointDir = fileUri(flag, value);
                    case "--savepoints" -> savepoints = number(flag, value, 1, 1000);
                    case "--warmup-checkpoints" -> warmup = number(flag, value, 1, 1000);
                    case "--rate" -> rate = number(flag, value, 0, Long.MAX_VALUE);
                    case "--records" -> records = number(flag, value, 1, Long.MAX_VALUE);
                    default -> throw new IllegalArgumentException("unknown argument " + flag + "; " + USAGE);
                }
            }
            if (checkpointDir == null || savepointDir == null) {
                throw new IllegalArgumentException("--checkpoint-dir and --savepoint-dir are required; " + USAGE);
            }
            return new Arguments(
                    keys,
                    Math.toIntExact(parallelism),
                    interval,
                    checkpointDir,
                    savepointDir,
                    Math.toIntExact(savepoints),
                    Math.toIntExact(warmup),
                    rate,
                    records);
        }

        /** The directories are measured on this machine's file system, so they must be file: URIs. */
        private static String fileUri(String flag, String value) {
            if (!value.startsWith("file:/")) {
                throw new IllegalArgumentException(flag + " needs a file:// URI, got '" + value + "'");
            }
            return value;
        }

        private static long number(String flag, String value, long min, long max) {
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    flag + " needs a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }
}
