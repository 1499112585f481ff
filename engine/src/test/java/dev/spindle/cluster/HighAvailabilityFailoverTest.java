package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability end to end in one JVM, on a real ZooKeeper server and real sockets: two
 * JobManagers compete for a cluster's leadership, a TaskManager follows the leader. The leader dies
 * in the middle of an exactly-once job; the standby takes over, recovers the job from the job graph
 * store and its latest checkpoint on the same TaskManager, and the committed output is exact.
 */
class HighAvailabilityFailoverTest {
    private static final long RECORDS = 60_000;
    private static final long KEYS = 10;

    @TempDir
    Path dir;

    private TestingServer zooKeeper;
    private Configuration config;
    private final ClusterSecret secret = ClusterSecret.generate();
    private HaJobManagers jobManagers;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new TestingServer(true);
        config = new Configuration();
        config.set(HighAvailabilityOptions.TYPE, "zookeeper");
        config.set(HighAvailabilityOptions.ZOOKEEPER_QUORUM, zooKeeper.getConnectString());
        config.set(
                HighAvailabilityOptions.STORAGE_DIR, dir.resolve("ha").toUri().toString());
        config.set(HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT, Duration.ofSeconds(4));
        config.set(HighAvailabilityOptions.ZOOKEEPER_CONNECTION_TIMEOUT, Duration.ofSeconds(5));
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(3));
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(30));
        config.set(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT, Duration.ofSeconds(30));
        jobManagers = new HaJobManagers(config, secret, dir, "ha-test");
    }

    @AfterEach
    void stop() throws Exception {
        jobManagers.close();
        zooKeeper.close();
    }

    private HaJobManagers.Contender contender(String name) throws Exception {
        return jobManagers.contender(name);
    }

    @Test
    void theStandbyTakesOverTheJobOnTheSameTaskManagerAndTheOutputIsExact() throws Exception {
        HaJobManagers.Contender first = contender("jm-a");
        JobManagerRunner leader = first.leadership().awaitLeadership(20_000);
        assertNotNull(leader, "the first JobManager leads");
        jobManagers.closeLater(leader);
        HaJobManagers.Contender second = contender("jm-b");
        assertNull(second.leadership().awaitLeadership(300), "the second one waits as a standby");

        HighAvailabilityServices tmServices = HighAvailabilityServicesFactory.create(config, "ha-test", "tm-1");
        jobManagers.closeLater(tmServices);
        TaskManagerRunner tm = TaskManagerRunner.start(
                config,
                secret,
                "tm-1",
                2,
                tmServices.leaderRetrieval(),
                "127.0.0.1",
                () -> jobManagers.lost.add("tm gave up"));
        jobManagers.closeLater(tm);

        Path out = dir.resolve("out");
        JobGraph graph = keyedCount(out);
        JobId id = graph.jobId();
        leader.dispatcher().submitJob(graph, List.of()).get();
        JobManagerRunner firstLeader = leader;
        await(() -> completedCheckpoints(firstLeader, id) >= 2, "two checkpoints of the first leader");

        // The leader dies: its ZooKeeper session ends, then the process.
        first.leadership().close();
        first.services().close();
        firstLeader.close();

        JobManagerRunner next = second.leadership().awaitLeadership(30_000);
        assertNotNull(next, "the standby took over: " + jobManagers.lost);
        jobManagers.closeLater(next);
        JobResultInfo result = awaitResult(next, id);
        assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failure()));
        assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), KeyedCountOutput.committedLines(out));
        assertEquals(
                List.of("tm-1"),
                next.dispatcher().listTaskManagers().get().stream()
                        .map(t -> t.id())
                        .toList(),
                "the same TaskManager served the recovered job");
        await(() -> jobIds(second.services()).isEmpty(), "the job graph store forgets the ended job");
        assertTrue(jobManagers.lost.isEmpty(), jobManagers.lost.toString());
    }

    private JobGraph keyedCount(Path out) {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.enableCheckpointing(100);
        env.getConfiguration()
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        dir.resolve("checkpoints").toUri().toString());
        env.fromGenerator(RECORDS, i -> i, Types.LONG, 20_000)
                .keyBy(i -> i % KEYS)
                .process(new KeyedCount.CountPerKey())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        return env.getJobGraph("keyed count across a failover");
    }

    private static long completedCheckpoints(JobManagerRunner jm, JobId id) {
        try {
            var stats = jm.dispatcher().requestCheckpointStats(id).get();
            return stats == null ? 0 : stats.completed();
        } catch (Exception e) {
            return 0;
        }
    }

    private static java.util.Collection<JobId> jobIds(HighAvailabilityServices services) {
        try {
            return services.jobGraphStore().jobIds();
        } catch (java.io.IOException e) {
            return List.of(JobId.generate());
        }
    }

    private static JobResultInfo awaitResult(JobManagerRunner jm, JobId id) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                JobResultInfo r = jm.dispatcher().requestJobResult(id).get();
                if (r.status().isTerminal()) {
                    return r;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // not recovered yet
            }
            assertTrue(System.currentTimeMillis() < deadline, "the job did not end on the new leader");
            Thread.sleep(50);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
