package dev.spindle.rest;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.TestingJarRunner;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A JobManager in this JVM for tests of what clients see of real jobs: a {@link Dispatcher} whose
 * tasks run here ({@link LocalTaskDeployer}) behind a real {@link RestServer} on a loopback port.
 */
public final class LocalRestCluster implements AutoCloseable {
    private final Dispatcher dispatcher;
    private final RestServer server;
    private final InetSocketAddress address;

    public LocalRestCluster(Path dir) throws IOException {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        dispatcher = new Dispatcher(config, new LocalTaskDeployer(), LocalRestCluster.class.getClassLoader(), List::of);
        server = new RestServer(
                dispatcher, new TestingJarRunner(), dir.resolve("uploads"), ClusterSecret.generate(), config);
        address = server.start();
    }

    public URI restAddress() {
        return URI.create("http://127.0.0.1:" + address.getPort());
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * An endless keyed sum at about 2,000 records per second with parallelism 2, checkpointed
     * every 100 ms into {@code checkpointDir} when it is not null; its checkpoints stay when it is
     * cancelled, so that a test can look at them afterwards.
     */
    public static JobGraph keyedSum(String name, Path checkpointDir) {
        return keyedSum(name, checkpointDir, null);
    }

    /**
     * As {@link #keyedSum(String, Path)}; with {@code failOnceMarker}, a task fails once at record
     * 1,000 (about half a second in) and the job restarts from its latest checkpoint.
     */
    public static JobGraph keyedSum(String name, Path checkpointDir, Path failOnceMarker) {
        return keyedSum(name, checkpointDir, failOnceMarker, Long.MAX_VALUE);
    }

    /** As {@link #keyedSum(String, Path, Path)}, ending after {@code count} records. */
    public static JobGraph keyedSum(String name, Path checkpointDir, Path failOnceMarker, long count) {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "10 ms");
        if (checkpointDir != null) {
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpointDir.toUri().toString());
            conf.set(CheckpointingOptions.RETENTION, CheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(2);
        if (checkpointDir != null) {
            env.enableCheckpointing(100);
        }
        DataStream<Long> records = env.fromGenerator(count, i -> i, Types.LONG, 2_000);
        if (failOnceMarker != null) {
            records = records.map(new KeyedCount.FailOnce(1_000, failOnceMarker.toString()))
                    .returns(Types.LONG);
        }
        records.keyBy(i -> i % 10).sum(0).addSink(v -> {});
        return env.getJobGraph(name);
    }

    public JobId submit(JobGraph graph) throws Exception {
        return dispatcher.submitJob(graph, List.of()).get();
    }

    /** Waits (up to 60 s) until the job's checkpoint statistics satisfy {@code condition}. */
    public CheckpointStats awaitCheckpoints(JobId jobId, Predicate<CheckpointStats> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            CheckpointStats stats = dispatcher.requestCheckpointStats(jobId).get();
            if (stats != null && condition.test(stats)) {
                return stats;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the checkpoints of job " + jobId + " did not get there: " + stats);
            }
            Thread.sleep(20);
        }
    }

    /** Cancels the job and waits until it has ended; its checkpoint statistics no longer change then. */
    public JobStatus cancel(JobId jobId) throws Exception {
        dispatcher.cancelJob(jobId).get();
        return dispatcher.jobTermination(jobId).get();
    }

    @Override
    public void close() {
        dispatcher.cancelAll();
        server.close();
    }
}
