package dev.spindle.bench;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.CheckpointStorage;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.Partitioning;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One run of workload W2 in this JVM, for {@code scripts/bench keyed}: the keyed count of the
 * example {@link KeyedCount} (a generator of {@code --records} longs, {@code keyBy(i mod --keys)},
 * its {@link KeyedCount.CountPerKey} counting in keyed value state, its discarding sink), with a
 * checkpoint every {@code --interval-ms} to {@code --checkpoint-dir}, or none with 0.
 *
 * <pre>
 * KeyedCountBench --records N [--keys K] [--parallelism P] [--interval-ms MS] [--checkpoint-dir URI]
 * </pre>
 *
 * The job runs on a {@link LocalJobRunner} directly, so that its checkpoint statistics can be
 * watched ({@link CheckpointWatcher}). It fails unless the keyed vertex received every record
 * once (its {@code numRecordsIn} counter). Prints progress on stderr and its figures as
 * {@code name=value} lines on stdout: {@code records}, {@code runtime_ms}, {@code records_per_s},
 * {@code checkpoints_completed}, {@code checkpoints_failed}, {@code checkpoint_median_ms},
 * {@code checkpoint_max_ms}, {@code checkpoint_storage_init_ms} (see {@link #warmUpStorage}) and
 * {@code checkpoint_durations_ms} (every completed checkpoint's, by id).
 */
public final class KeyedCountBench {
    private KeyedCountBench() {}

    public static void main(String[] args) throws Exception {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("KeyedCountBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Figures f = run(a);
        System.err.printf(
                Locale.ROOT,
                "KeyedCountBench: %d records in %d ms (%.0f records/s), %d checkpoints completed, %d failed%n",
                f.records,
                f.runtimeMillis,
                f.recordsPerSecond(),
                f.durations.size(),
                f.failed);
        f.print(System.out);
    }

    /** Runs the job once and returns its figures; throws when the job fails or loses records. */
    static Figures run(Arguments a) throws Exception {
        Configuration conf = new Configuration();
        if (a.intervalMillis > 0) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, a.checkpointDir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(a.parallelism);
        if (a.intervalMillis > 0) {
            env.enableCheckpointing(a.intervalMillis);
        }
        long storageInitMillis = a.intervalMillis > 0 ? warmUpStorage(conf) : 0;
        long keys = a.keys;
        // The operators of KeyedCount.main without --output, in the same order and with the same names.
        env.fromGenerator(a.records, i -> i, Types.LONG)
                .keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .name("Count per key")
                .returns(Types.STRING)
                .addSink(new KeyedCount.Discard());
        JobGraph graph = env.getJobGraph("KeyedCountBench");
        String keyedVertex = keyedVertexName(graph);

        LocalJobRunner job = new LocalJobRunner(graph, KeyedCountBench.class.getClassLoader());
        CheckpointWatcher watcher = new CheckpointWatcher(job.jobMaster()::checkpointStats);
        JobExecutionResult result;
        try {
            job.start();
            result = job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job failed: " + e.getCause(), e.getCause());
        } finally {
            watcher.stop();
        }
        check(result, keyedVertex, a.records);
        CheckpointStats last = job.jobMaster().checkpointStats();
        List<Long> durations = watcher.completedDurations(last);
        return new Figures(
                a.records,
                Math.max(1, result.netRuntime().toMillis()),
                durations,
                last == null ? 0 : last.failed(),
                storageInitMillis);
    }

    /**
     * Uses the checkpoint storage once before the job, as a JobManager that is already up has,
     * and returns how long that took. The first use of Hadoop's FileSystem in a JVM loads its
     * classes and configuration, which takes about a second on the development machine; the job
     * does it in its start (creating its checkpoint directory), so that without this warm-up the
     * job's runtime would carry that one-time cost of the JVM and make checkpoints look dearer
     * the shorter the job.
     */
    static long warmUpStorage(Configuration conf) throws IOException {
        long start = System.nanoTime();
        CheckpointStorage storage = CheckpointStorage.forJob(conf, JobId.generate());
        storage.initialize();
        storage.discardJobDirectory();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The name of the vertex behind the keyed (hash) exchange: the one that counts. */
    static String keyedVertexName(JobGraph graph) {
        List<String> names = new ArrayList<>();
        for (JobEdge e : graph.edges()) {
            if (e.partitioning() == Partitioning.Kind.HASH) {
                names.add(graph.vertex(e.target()).name());
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("expected one keyed exchange in the job, found " + names);
        }
        return names.get(0);
    }

    /** Fails unless the keyed vertex's subtasks received {@code records} records in all. */
    static void check(JobExecutionResult result, String keyedVertex, long records) {
        String counter = keyedVertex + ".numRecordsIn";
        long received = result.counter(counter);
        if (received != records) {
            throw new IllegalStateException("the keyed count lost or duplicated records: " + counter + " is " + received
                    + ", expected " + records);
        }
    }

    /** What one run measured. */
    record Figures(long records, long runtimeMillis, List<Long> durations, long failed, long storageInitMillis) {
        Figures {
            durations = List.copyOf(durations);
        }

        double recordsPerSecond() {
            return records * 1000.0 / runtimeMillis;
        }

        /** The median of the durations (the mean of the middle two for an even count); 0 without any. */
        double medianMillis() {
            if (durations.isEmpty()) {
                return 0;
            }
            List<Long> sorted = durations.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        }

        long maxMillis() {
            return durations.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "records=%d%n", records);
            out.printf(Locale.ROOT, "runtime_ms=%d%n", runtimeMillis);
            out.printf(Locale.ROOT, "records_per_s=%.0f%n", recordsPerSecond());
            out.printf(Locale.ROOT, "checkpoints_completed=%d%n", durations.size());
            out.printf(Locale.ROOT, "checkpoints_failed=%d%n", failed);
            out.printf(Locale.ROOT, "checkpoint_median_ms=%.1f%n", medianMillis());
            out.printf(Locale.ROOT, "checkpoint_max_ms=%d%n", maxMillis());
            out.printf(Locale.ROOT, "checkpoint_storage_init_ms=%d%n", storageInitMillis);
            out.printf(
                    Locale.ROOT,
                    "checkpoint_durations_ms=%s%n",
                    String.join(",", durations.stream().map(String::valueOf).toList()));
            out.flush();
        }
    }

    /** The command line of the driver. */
    record Arguments(long records, long keys, int parallelism, long intervalMillis, String checkpointDir) {
        static final String USAGE = "usage: KeyedCountBench --records N [--keys K] [--parallelism P]"
                + " [--interval-ms MS (0: no checkpoints)] [--checkpoint-dir URI (needed with checkpoints)]";

        static Arguments parse(String[] args) {
            long records = -1;
            long keys = 100_000;
            long parallelism = 2;
            long interval = 1000;
            String dir = null;
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag + "; " + USAGE);
                }
                String value = args[i + 1];
                switch (flag) {
                    case "--records" -> records = number(flag, value, 1);
                    case "--keys" -> keys = number(flag, value, 1);
                    case "--parallelism" -> parallelism = number(flag, value, 1);
                    case "--interval-ms" -> interval = number(flag, value, 0);
                    case "--checkpoint-dir" -> dir = value;
                    default -> throw new IllegalArgumentException("unknown argument " + flag + "; " + USAGE);
                }
            }
            if (records < 0) {
                throw new IllegalArgumentException("--records is required; " + USAGE);
            }
            if (interval > 0 && (dir == null || dir.isBlank())) {
                throw new IllegalArgumentException("checkpoints need --checkpoint-dir URI; " + USAGE);
            }
            return new Arguments(records, keys, Math.toIntExact(parallelism), interval, dir);
        }

        private static long number(String flag, String value, long min) {
            try {
                long n = Long.parseLong(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " needs a whole number >= " + min + ", got '" + value + "'");
        }
    }
}
