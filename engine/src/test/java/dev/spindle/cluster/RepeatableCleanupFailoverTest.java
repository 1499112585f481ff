package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.CleanupOptions;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.JobResultStore;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.jobmanager.DuplicateJobException;
import dev.spindle.jobmanager.JobAlreadyEndedException;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.jobmanager.cleanup.CleanupRunner;
import dev.spindle.jobmanager.cleanup.JobResultState;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import dev.spindle.util.CapturedWarnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeatable cleanup end to end in one JVM, on a real ZooKeeper server, real sockets and the real
 * local file system: a bounded job finishes while its high-availability data cannot be removed,
 * the cleanup is retried per {@code cleanup-strategy} and the job result stays dirty; the job runs
 * neither when it is submitted again nor when another JobManager takes over, which only run the
 * cleanup again; once the fault is gone the result turns clean and the job's data is gone.
 *
 * <p>The fault is a ZooKeeper ACL without the DELETE permission on the job graph pointers' parent
 * node: a real refusal by the real server that bites whoever runs the test. File permissions do
 * not (the tests may run as root, who deletes anything), and a file placed where the clean entry
 * goes would make the job result store read the job as clean before it even ran.
 */
class RepeatableCleanupFailoverTest {
    private static final long RECORDS = 20_000;
    private static final long KEYS = 10;
    private static final int ATTEMPTS = 3;
    private static final String GRAPH_STEP = "remove the job graph and jars";
    private static final String POINTERS_STEP = "remove the checkpoint pointers and counter";

    @TempDir
    Path dir;

    private TestingServer zooKeeper;
    private CuratorFramework zooKeeperClient;
    private Configuration config;
    private final ClusterSecret secret = ClusterSecret.generate();
    private HaJobManagers jobManagers;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new TestingServer(true);
        zooKeeperClient = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(100));
        zooKeeperClient.start();
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
        config.set(CleanupOptions.STRATEGY, "fixed-delay");
        config.set(CleanupOptions.FIXED_DELAY_ATTEMPTS, ATTEMPTS);
        config.set(CleanupOptions.FIXED_DELAY_DELAY, Duration.ofMillis(50));
        config.set(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT, false);
        jobManagers = new HaJobManagers(config, secret, dir, "cleanup-test");
    }

    @AfterEach
    void stop() throws Exception {
        jobManagers.close();
        zooKeeperClient.close();
        zooKeeper.close();
    }

    private HaJobManagers.Contender contender(String name) throws Exception {
        return jobManagers.contender(name);
    }

    /** Two JobManagers (the first leads) and a TaskManager that follows the leader. */
    private record Cluster(
            HaJobManagers.Contender first,
            JobManagerRunner leaderA,
            HaJobManagers.Contender second,
            TaskManagerRunner tm,
            String zkPath) {}

    private Cluster cluster() throws Exception {
        HaJobManagers.Contender first = contender("jm-a");
        JobManagerRunner leaderA = first.leadership().awaitLeadership(20_000);
        assertNotNull(leaderA, "the first JobManager leads");
        jobManagers.closeLater(leaderA);
        HaJobManagers.Contender second = contender("jm-b");
        assertNull(second.leadership().awaitLeadership(300), "the second one waits as a standby");
        HighAvailabilityServices tmServices = HighAvailabilityServicesFactory.create(config, "cleanup-test", "tm");
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
        String zkPath = config.get(HighAvailabilityOptions.ZOOKEEPER_ROOT) + "/"
                + first.services().clusterId();
        return new Cluster(first, leaderA, second, tm, zkPath);
    }

    /** The first JobManager goes (its ZooKeeper session ends, then the process); the second leads. */
    private JobManagerRunner failOver(Cluster c) throws Exception {
        c.first().persistence().close(); // its pending cleanup tries die with the process
        c.first().leadership().close();
        c.first().services().close();
        c.leaderA().close();
        JobManagerRunner leaderB = c.second().leadership().awaitLeadership(30_000);
        assertNotNull(leaderB, "the standby took over: " + jobManagers.lost);
        jobManagers.closeLater(leaderB);
        return leaderB;
    }

    @Test
    void aFailingCleanupIsRetriedNeverRunsTheJobAgainAndEndsCleanOnceTheFaultIsGone() throws Exception {
        try (CapturedWarnings cleanupLog = new CapturedWarnings(CleanupRunner.class)) {
            Cluster c = cluster();
            HaJobManagers.Contender first = c.first();
            HaJobManagers.Contender second = c.second();
            JobManagerRunner leaderA = c.leaderA();
            TaskManagerRunner tm = c.tm();
            Path out = dir.resolve("out");
            JobGraph graph = keyedCount(out);
            JobId id = graph.jobId();
            String cluster = config.get(HighAvailabilityOptions.ZOOKEEPER_ROOT) + "/"
                    + first.services().clusterId();
            String jobGraphs = cluster + "/jobgraphs";
            leaderA.dispatcher().submitJob(graph, List.of()).get();
            await(() -> exists(jobGraphs + "/" + id), "the job graph pointer");
            forbidDeletesUnder(jobGraphs); // the fault

            // The job finishes; its cleanup fails every try, and gives up with the result dirty.
            JobResultInfo result = awaitResult(leaderA, id);
            assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failure()));
            List<String> expected = KeyedCountOutput.expected(RECORDS, KEYS);
            assertEquals(expected, KeyedCountOutput.committedLines(out));
            List<String> outputFiles = outputFiles(out);
            long startTime = leaderA.dispatcher().requestJob(id).get().startTimeMillis();
            awaitGivingUp(cleanupLog, id, 1);
            assertEquals(
                    ATTEMPTS, failedTries(cleanupLog, id), cleanupLog.lines().toString());
            assertTrue(first.results().hasDirtyJobResultEntry(id));
            assertFalse(first.results().hasCleanJobResultEntry(id));
            Path checkpoints = dir.resolve("checkpoints").resolve(id.toString());
            assertFalse(Files.exists(checkpoints), "FINISHED: the retention deletes the checkpoints");

            // Submitted again after the tries ran out: refused, and the cleanup starts again. This
            // JobManager still knows the job: a duplicate (clients may follow it), saying so.
            ExecutionException again = assertThrows(
                    ExecutionException.class,
                    () -> leaderA.dispatcher().submitJob(graph, List.of()).get());
            assertInstanceOf(DuplicateJobException.class, again.getCause());
            assertEquals(
                    "job " + id + " was already submitted; it ended and does not run again; its cleanup had not "
                            + "completed and has been started again",
                    again.getCause().getMessage());
            awaitGivingUp(cleanupLog, id, 2);
            assertEquals(2 * ATTEMPTS, failedTries(cleanupLog, id));
            JobDetails onA = leaderA.dispatcher().requestJob(id).get();
            assertEquals(JobStatus.FINISHED, onA.status());
            assertEquals(startTime, onA.startTimeMillis(), "the job did not start again");
            assertEquals(1, leaderA.dispatcher().listJobs().get().size());

            // The leader goes; the standby finds the dirty result and runs the cleanup only.
            JobManagerRunner leaderB = failOver(c);
            awaitGivingUp(cleanupLog, id, 3);
            assertEquals(3 * ATTEMPTS, failedTries(cleanupLog, id));
            assertEquals(List.of(), leaderB.dispatcher().listJobs().get(), "the new leader runs no job");
            assertTrue(second.results().hasDirtyJobResultEntry(id));

            // The fault is removed; the job submitted again to the new leader: refused, cleaned up.
            allowDeletesUnder(jobGraphs);
            ExecutionException onB = assertThrows(
                    ExecutionException.class,
                    () -> leaderB.dispatcher().submitJob(graph, List.of()).get());
            assertInstanceOf(JobAlreadyEndedException.class, onB.getCause());
            assertEquals(
                    "job " + id + " already ended on this cluster and does not run again; its cleanup had not "
                            + "completed and has been started again; submit it with a new job id",
                    onB.getCause().getMessage());
            await(() -> clean(second.results(), id), "the job result turns clean");
            assertEquals(3 * ATTEMPTS, failedTries(cleanupLog, id), "no further failed try");
            assertEquals(List.of(), children(jobGraphs));
            assertFalse(exists(cluster + "/checkpoints/" + id), "the checkpoint pointers are gone");
            assertFalse(exists(cluster + "/checkpoint-counter/" + id), "the checkpoint counter is gone");
            assertFalse(
                    Files.exists(dir.resolve("ha")
                            .resolve(first.services().clusterId())
                            .resolve("jobs")
                            .resolve(id.toString())),
                    "the graph and jars in the storage directory are gone");
            assertTrue(Files.exists(dir.resolve("ha")
                    .resolve("job-result-store")
                    .resolve(first.services().clusterId())
                    .resolve(id + ".json")));

            // A clean job is refused too, without any cleanup; nothing ran again throughout.
            ExecutionException clean = assertThrows(
                    ExecutionException.class,
                    () -> leaderB.dispatcher().submitJob(graph, List.of()).get());
            assertEquals(
                    "job " + id + " already ended on this cluster and does not run again; submit it with a new job id",
                    clean.getCause().getMessage());
            assertEquals(List.of(), leaderB.dispatcher().listJobs().get());
            assertEquals(expected, KeyedCountOutput.committedLines(out));
            assertEquals(outputFiles, outputFiles(out), "the sink wrote no file since the job finished");
            assertEquals(2, tm.executor().freeSlots());
            assertTrue(jobManagers.lost.isEmpty(), jobManagers.lost.toString());
        }
    }

    /**
     * The checkpoint pointers cannot be removed (and so the JobMaster's own deletion of the
     * checkpoints fails too), with a strategy that retries without limit: the cleanup deletes the
     * checkpoints and removes the job graph, and keeps trying the pointers. The next leader finds
     * the dirty result although the job graph store no longer has the job, runs the rest of the
     * cleanup, and once the fault is removed its retries succeed: no resubmission needed.
     */
    @Test
    void theNextLeaderRetriesACleanupThatAlreadyRemovedTheJobGraphUntilTheFaultIsGone() throws Exception {
        config.set(CleanupOptions.FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        config.set(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT, true);
        try (CapturedWarnings cleanupLog = new CapturedWarnings(CleanupRunner.class)) {
            Cluster c = cluster();
            Path out = dir.resolve("out");
            JobGraph graph = keyedCount(out);
            JobId id = graph.jobId();
            String pointers = c.zkPath() + "/checkpoints/" + id;
            c.leaderA().dispatcher().submitJob(graph, List.of()).get();
            await(() -> exists(pointers) && !childrenOf(pointers).isEmpty(), "a completed checkpoint");
            forbidDeletesUnder(pointers); // the fault

            JobResultInfo result = awaitResult(c.leaderA(), id);
            assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failure()));
            await(() -> failedTry(cleanupLog, id, POINTERS_STEP, 3) == 1, "three tries of the pointers' step");
            assertEquals(0, failedTries(cleanupLog, id, GRAPH_STEP));
            assertEquals(List.of(), children(c.zkPath() + "/jobgraphs"), "the job graph is removed");
            assertFalse(
                    Files.exists(dir.resolve("checkpoints").resolve(id.toString())),
                    "the cleanup deleted the checkpoints (FINISHED), which the JobMaster could not");
            assertTrue(c.first().results().hasDirtyJobResultEntry(id));

            JobManagerRunner leaderB = failOver(c);
            // The new leader's own tries count from 1 again.
            await(() -> failedTry(cleanupLog, id, POINTERS_STEP, 2) == 2, "the new leader's second try");
            assertEquals(List.of(), leaderB.dispatcher().listJobs().get(), "the new leader runs no job");
            assertTrue(c.second().results().hasDirtyJobResultEntry(id));

            allowDeletesUnder(pointers);
            await(() -> deleted(c.second().results(), id), "the job result is deleted (delete-on-commit)");
            assertEquals(JobResultState.NONE, stateOf(c.second().results(), id));
            assertFalse(exists(pointers), "the checkpoint pointers are gone");
            assertFalse(exists(c.zkPath() + "/checkpoint-counter/" + id), "the checkpoint counter is gone");
            assertEquals(List.of(), leaderB.dispatcher().listJobs().get());
            assertEquals(KeyedCountOutput.expected(RECORDS, KEYS), KeyedCountOutput.committedLines(out));
            assertTrue(jobManagers.lost.isEmpty(), jobManagers.lost.toString());
        }
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
        return env.getJobGraph("keyed count with a failing cleanup");
    }

    /** ZooKeeper refuses to delete any child of {@code path} (everything else stays allowed). */
    private void forbidDeletesUnder(String path) throws Exception {
        int allButDelete = ZooDefs.Perms.ALL & ~ZooDefs.Perms.DELETE;
        zooKeeperClient
                .setACL()
                .withACL(List.of(new ACL(allButDelete, ZooDefs.Ids.ANYONE_ID_UNSAFE)))
                .forPath(path);
    }

    private void allowDeletesUnder(String path) throws Exception {
        zooKeeperClient.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(path);
    }

    private boolean exists(String path) {
        try {
            return zooKeeperClient.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> children(String path) throws Exception {
        return zooKeeperClient.getChildren().forPath(path);
    }

    private List<String> childrenOf(String path) {
        try {
            return children(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The failed tries of the job graph step of {@code id} so far, as the cleanup runner logged them. */
    private static long failedTries(CapturedWarnings log, JobId id) {
        return failedTries(log, id, GRAPH_STEP);
    }

    private static long failedTries(CapturedWarnings log, JobId id, String step) {
        return log.lines().stream()
                .filter(l -> l.startsWith("Cleanup of job " + id + ": step '" + step + "' failed (attempt "))
                .count();
    }

    /** How many times try number {@code attempt} of {@code step} failed (once per cleanup run that got so far). */
    private static long failedTry(CapturedWarnings log, JobId id, String step, int attempt) {
        return log.lines().stream()
                .filter(l -> l.startsWith(
                        "Cleanup of job " + id + ": step '" + step + "' failed (attempt " + attempt + " of "))
                .count();
    }

    /** Waits until the cleanup gave the job graph step of {@code id} up {@code times} times in all. */
    private static void awaitGivingUp(CapturedWarnings log, JobId id, int times) throws InterruptedException {
        awaitGivingUp(log, id, GRAPH_STEP, times);
    }

    private static void awaitGivingUp(CapturedWarnings log, JobId id, String step, int times)
            throws InterruptedException {
        String prefix =
                "Cleanup of job " + id + ": step '" + step + "' failed (attempt " + ATTEMPTS + " of " + ATTEMPTS + ")";
        await(
                () -> log.lines().stream()
                                .filter(l -> l.startsWith(prefix) && l.endsWith("; giving up"))
                                .count()
                        >= times,
                "the cleanup to give up (" + times + ")");
    }

    private static boolean clean(JobResultStore results, JobId id) {
        try {
            return results.hasCleanJobResultEntry(id) && !results.hasDirtyJobResultEntry(id);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean deleted(JobResultStore results, JobId id) {
        try {
            return !results.hasJobResultEntry(id);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static JobResultState stateOf(JobResultStore results, JobId id) throws java.io.IOException {
        return results.hasDirtyJobResultEntry(id)
                ? JobResultState.DIRTY
                : results.hasCleanJobResultEntry(id) ? JobResultState.CLEAN : JobResultState.NONE;
    }

    private static List<String> outputFiles(Path out) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> {
                        try {
                            return out.relativize(p) + " "
                                    + Files.getLastModifiedTime(p).toMillis();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    private static JobResultInfo awaitResult(JobManagerRunner jm, JobId id) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            JobResultInfo r = jm.dispatcher().requestJobResult(id).get();
            if (r.status().isTerminal()) {
                return r;
            }
            assertTrue(System.currentTimeMillis() < deadline, "the job did not end");
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
