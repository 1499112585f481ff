package dev.spindle.cluster.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.cluster.gateway.FencingTokenException;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.graph.JobGraph;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.LeaderRetrievalListener;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager that follows the leader: two real JobManagers in this JVM, a TaskManager told by a
 * leader retrieval which one leads (here set by the test; ZooKeeper's retrieval is tested on its
 * own). When the leader changes, the TaskManager lets go of the old one — whose calls it refuses
 * from then on (fencing) — and serves the new one.
 */
class TaskManagerFollowsLeaderTest {
    @TempDir
    Path dir;

    private final ClusterSecret secret = ClusterSecret.generate();
    private Configuration config;
    private JobManagerRunner first;
    private JobManagerRunner second;
    private TaskManagerRunner tm;
    private final SettableLeaderRetrieval leaders = new SettableLeaderRetrieval();
    private final CountDownLatch gaveUp = new CountDownLatch(1);

    /** A leader retrieval whose leader the test sets. */
    private static final class SettableLeaderRetrieval implements LeaderRetrieval {
        private volatile LeaderRetrievalListener listener;

        @Override
        public void start(LeaderRetrievalListener l) {
            listener = l;
        }

        void lead(LeaderInformation leader) {
            listener.notifyLeaderAddress(leader);
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void start() throws Exception {
        config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(2));
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(20));
        config.set(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT, Duration.ofSeconds(3));
        first = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        second = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        tm = TaskManagerRunner.start(config, secret, "tm-1", 1, leaders, "127.0.0.1", gaveUp::countDown);
    }

    @AfterEach
    void stop() {
        tm.close();
        first.close();
        second.close();
    }

    private static LeaderInformation leaderInfo(JobManagerRunner jm) {
        return new LeaderInformation(
                UUID.fromString(jm.fencingToken()),
                "127.0.0.1:" + jm.rpcAddress().getPort(),
                null);
    }

    @Test
    void aNewLeaderGetsTheTaskManagerAndTheOldOneIsFencedOff() throws Exception {
        leaders.lead(leaderInfo(first));
        awaitTrue(() -> servesTaskManager(first), "the first JobManager has the TaskManager");
        JobGraph endless = endlessJob();
        first.dispatcher().submitJob(endless, List.of()).get();
        awaitTrue(() -> tm.executor().freeSlots() == 0, "the first leader's job runs on the TaskManager");

        leaders.lead(leaderInfo(second));
        awaitTrue(() -> servesTaskManager(second), "the second JobManager has the TaskManager");
        awaitTrue(() -> tm.executor().freeSlots() == 1, "the old leader's task was cancelled, its slot freed");

        // Every call of the deposed leader is refused.
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> tm.executor().heartbeat(first.fencingToken(), 1).get());
        assertInstanceOf(FencingTokenException.class, refused.getCause());
        assertTrue(
                refused.getCause().getMessage().contains(second.fencingToken()),
                refused.getCause().getMessage());

        // The new leader runs a job on it, to the exact result.
        Path output = dir.resolve("out");
        JobGraph bounded = boundedJob(output);
        second.dispatcher().submitJob(bounded, List.of()).get();
        JobResultInfo result = awaitResult(second, bounded);
        assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failure()));
        String expected = LongStream.rangeClosed(1, 1000)
                .mapToObj(i -> Long.toString(i * 2))
                .sorted()
                .collect(Collectors.joining("\n"));
        assertEquals(expected, readSorted(output));
        assertEquals(1, gaveUp.getCount(), "the TaskManager did not give up");
    }

    @Test
    void aTaskManagerThatServesNoLeaderForTheRegistrationTimeoutGivesUp() throws Exception {
        leaders.lead(leaderInfo(first));
        awaitTrue(() -> servesTaskManager(first), "the first JobManager has the TaskManager");
        leaders.lead(null);
        assertTrue(gaveUp.await(20, TimeUnit.SECONDS), "the TaskManager gave up");
    }

    private boolean servesTaskManager(JobManagerRunner jm) {
        try {
            List<TaskManagerDetails> tms = jm.dispatcher().listTaskManagers().get();
            return tms.stream().anyMatch(t -> t.id().equals("tm-1"))
                    && tm.executor()
                            .heartbeat(jm.fencingToken(), 0)
                            .handle((v, e) -> e == null)
                            .get();
        } catch (Exception e) {
            return false;
        }
    }

    private static JobGraph endlessJob() {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).addSink(v -> {});
        return env.getJobGraph("endless");
    }

    private static JobGraph boundedJob(Path output) {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        jobConfig.set(CoreOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.fromSequence(1, 1000)
                .map(i -> Long.toString(i * 2))
                .returns(Types.STRING)
                .writeAsText(output.toString(), WriteMode.OVERWRITE);
        return env.getJobGraph("doubles");
    }

    private static JobResultInfo awaitResult(JobManagerRunner jm, JobGraph g) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JobResultInfo r;
        while (!(r = jm.dispatcher().requestJobResult(g.jobId()).get()).status().isTerminal()) {
            assertTrue(System.currentTimeMillis() < deadline, "job still " + r.status());
            Thread.sleep(20);
        }
        return r;
    }

    private static String readSorted(Path output) throws Exception {
        List<Path> files;
        if (Files.isDirectory(output)) {
            try (Stream<Path> s = Files.list(output)) {
                files = s.toList();
            }
        } else {
            files = List.of(output);
        }
        return files.stream()
                .flatMap(p -> {
                    try {
                        return Files.readAllLines(p).stream();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .sorted()
                .collect(Collectors.joining("\n"));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }
}
