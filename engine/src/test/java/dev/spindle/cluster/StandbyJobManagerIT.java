package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.core.JobId;
import dev.spindle.examples.KeyedCount;
import dev.spindle.ha.testing.ZooKeeperProcess;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.client.RestClient;
import dev.spindle.types.Types;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standby JobManagers of a standalone cluster (real processes, a real ZooKeeper server process):
 * two JobManager processes on one cluster directory with high availability, one leads and starts
 * two TaskManagers, the other waits. A keyed count with checkpoints writes through the
 * exactly-once file sink while the leader is killed (SIGKILL) or suspended (SIGSTOP) until its
 * ZooKeeper session expires: the standby takes over (jobmanager.properties names it), adopts the
 * leader's TaskManagers, which register with it, resumes the job from its latest checkpoint, and
 * the committed output equals the counts computed without the engine. A deposed leader that
 * resumes exits with {@code LEADERSHIP_LOST}.
 */
class StandbyJobManagerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long KEYS = 100;
    private static final String STANDBY_LOG = "jobmanager-standby.log";

    @TempDir
    static Path dir;

    static ZooKeeperProcess zooKeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = ZooKeeperProcess.standalone(dir.resolve("zookeeper"), 0).start();
    }

    @AfterAll
    static void stopZooKeeper() {
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void theLeaderKilledTheStandbyTakesOverWithTheSameTaskManagersAndTheOutputIsExact() throws Exception {
        try (Standby cluster = Standby.start(dir.resolve("killed"), "killed")) {
            long records = 120_000;
            Path out = dir.resolve("killed-out");
            JobId id = keyedCount(cluster.first, out, records)
                    .executeAsync("keyed count; leader killed")
                    .getJobId();
            cluster.first.awaitAllTasksRunning(id, TIMEOUT);
            awaitCompletedCheckpoint(cluster.first, cluster.first.rest(), id);
            Map<String, ProcessHandle> taskManagers = cluster.first.taskManagerProcesses();
            Set<String> before = new TreeSet<>(taskManagers.keySet());

            long killedAt = System.nanoTime();
            cluster.first.killJobManager();
            RestClient rest = cluster.awaitStandbyLeads();
            long serving = millisSince(killedAt);
            awaitAllTasksRunning(cluster.first, rest, id);
            long running = millisSince(killedAt);
            System.out.printf(
                    "standalone standby takeover: leader SIGKILLed; the standby serves %d ms later, the job"
                            + " runs again %d ms later%n",
                    serving, running);

            JobExecutionResultResponse result = awaitResult(cluster.first, rest, id);
            assertEquals("SUCCEEDED", result.result().applicationStatus(), cluster::logs);
            assertEquals(
                    before,
                    ids(rest.taskManagers()),
                    () -> "the TaskManagers of the killed leader serve the standby\n" + cluster.logs());
            assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(out));
            cluster.stopStandbyAndItsTaskManagers(taskManagers.values());
        }
    }

    @Test
    void aDeposedLeaderThatResumesDoesNotTouchTheJobAndExitsWithLeadershipLost() throws Exception {
        try (Standby cluster = Standby.start(dir.resolve("deposed"), "deposed")) {
            long records = 120_000;
            Path out = dir.resolve("deposed-out");
            JobId id = keyedCount(cluster.first, out, records)
                    .executeAsync("keyed count; leader deposed")
                    .getJobId();
            cluster.first.awaitAllTasksRunning(id, TIMEOUT);
            awaitCompletedCheckpoint(cluster.first, cluster.first.rest(), id);
            Map<String, ProcessHandle> taskManagers = cluster.first.taskManagerProcesses();

            long stoppedAt = System.nanoTime();
            cluster.first.signalJobManager("STOP");
            RestClient rest = cluster.awaitStandbyLeads();
            awaitAllTasksRunning(cluster.first, rest, id);
            System.out.printf(
                    "standalone standby takeover: leader SIGSTOPped; the job runs again under the standby %d ms later%n",
                    millisSince(stoppedAt));
            awaitCompletedCheckpoint(cluster.first, rest, id);

            cluster.first.signalJobManager("CONT");
            assertEquals(ExitCode.LEADERSHIP_LOST.code(), cluster.first.awaitJobManagerExit(TIMEOUT), cluster::logs);
            List<String> lost = cluster.first.logLines("JobManager ends: it lost the leadership");
            assertFalse(lost.isEmpty(), cluster::logs);

            JobExecutionResultResponse result = awaitResult(cluster.first, rest, id);
            assertEquals("SUCCEEDED", result.result().applicationStatus(), cluster::logs);
            // Not asserted here: that the deposed leader's TaskManagers serve the new leader to the end.
            // Resumed, the deposed leader handles what the TaskManagers sent it while it was suspended
            // (their registrations, their cancelled tasks) for the moment until it learns that its
            // ZooKeeper session expired, and may stop them as TaskManagers that registered again; the
            // new leader then restarts the job from its latest checkpoint on new TaskManagers.
            assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(out));
            assertEquals(
                    Long.toString(cluster.standby.pid()),
                    StandaloneClusterProcess.readInfo(cluster.first.directory()).getProperty("pid"),
                    "the deposed leader left the new leader's jobmanager.properties alone");
            cluster.stopStandbyAndItsTaskManagers(taskManagers.values());
        }
    }

    /** A leader ({@link StandaloneClusterProcess}) and a standby JobManager process on its directory. */
    private static final class Standby implements AutoCloseable {
        final StandaloneClusterProcess first;
        final Process standby;

        private Standby(StandaloneClusterProcess first, Process standby) {
            this.first = first;
            this.standby = standby;
        }

        static Standby start(Path clusterDir, String clusterId) throws Exception {
            StandaloneClusterProcess first = StandaloneClusterProcess.start(
                    clusterDir,
                    Map.of(
                            "high-availability.type",
                            "zookeeper",
                            "high-availability.zookeeper.quorum",
                            zooKeeper.connectString(),
                            "high-availability.storageDir",
                            dir.resolve("ha").toUri().toString(),
                            "high-availability.cluster-id",
                            clusterId,
                            "high-availability.zookeeper.client.session-timeout",
                            "4 s",
                            "slotmanager.number-of-slots.min",
                            "2"));
            Process standby;
            try {
                standby = first.startStandbyJobManager(STANDBY_LOG);
                Path log = clusterDir.resolve(STANDBY_LOG);
                first.awaitCondition(
                        "the standby to compete for the leadership",
                        TIMEOUT,
                        () -> Files.readString(log).contains("competes for the leadership"),
                        () -> "standby alive: " + standby.isAlive());
            } catch (Exception | Error e) {
                first.close();
                throw e;
            }
            assertEquals(
                    Long.toString(first.jobManagerProcess().pid()),
                    StandaloneClusterProcess.readInfo(clusterDir).getProperty("pid"),
                    "a standby does not write jobmanager.properties");
            return new Standby(first, standby);
        }

        /** Waits until jobmanager.properties names the standby, and returns a REST client of it. */
        RestClient awaitStandbyLeads() throws Exception {
            String pid = Long.toString(standby.pid());
            first.awaitCondition(
                    "the standby (pid " + pid + ") to lead",
                    TIMEOUT,
                    () -> {
                        try {
                            return pid.equals(StandaloneClusterProcess.readInfo(first.directory())
                                    .getProperty("pid"));
                        } catch (java.nio.file.NoSuchFileException e) {
                            return false;
                        }
                    },
                    this::standbyLog);
            URI address = URI.create(
                    StandaloneClusterProcess.readInfo(first.directory()).getProperty("rest.address"));
            return new RestClient(address, first.secret(), Duration.ofSeconds(20));
        }

        /**
         * SIGTERM to the new leader: it stops the TaskManagers it adopted, as its own, and removes
         * jobmanager.properties.
         */
        void stopStandbyAndItsTaskManagers(java.util.Collection<ProcessHandle> processes) throws Exception {
            standby.destroy();
            assertTrue(standby.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), this::logs);
            for (ProcessHandle p : processes) {
                p.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertFalse(Files.exists(first.directory().resolve("jobmanager.properties")));
        }

        String standbyLog() {
            try {
                return "---- " + STANDBY_LOG + "\n"
                        + Files.readString(first.directory().resolve(STANDBY_LOG));
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }

        String logs() {
            return first.logs() + standbyLog();
        }

        /** Kills the standby, and every TaskManager of the directory (a deposed leader may start some as it ends). */
        @Override
        public void close() {
            standby.destroyForcibly();
            first.close();
            Path workers = first.directory().resolve("taskmanagers");
            ProcessHandle.allProcesses()
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                                    .startsWith(workers);
                        } catch (java.io.IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static Set<String> ids(List<TaskManagerInfo> tms) {
        return tms.stream().map(TaskManagerInfo::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The keyed count of {@link KeyedCount} at parallelism 2, checkpoints every 200 ms, the exactly-once sink. */
    private static StreamExecutionEnvironment keyedCount(StandaloneClusterProcess cluster, Path out, long records) {
        StreamExecutionEnvironment env = cluster.environment(2);
        env.enableCheckpointing(200);
        env.getConfiguration()
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        dir.resolve("checkpoints").toUri().toString());
        long keys = KEYS;
        env.fromGenerator(records, i -> i, Types.LONG, 10_000)
                .keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        return env;
    }

    private static void awaitCompletedCheckpoint(StandaloneClusterProcess cluster, RestClient rest, JobId id)
            throws Exception {
        long before = rest.checkpoints(id).counts().completed();
        cluster.awaitCondition(
                "a checkpoint of " + id + " completed",
                TIMEOUT,
                () -> rest.checkpoints(id).counts().completed() > before,
                () -> "");
    }

    private static void awaitAllTasksRunning(StandaloneClusterProcess cluster, RestClient rest, JobId id)
            throws Exception {
        cluster.awaitCondition(
                "all tasks of " + id + " running under the new leader",
                TIMEOUT,
                () -> {
                    JobDetailsResponse job;
                    try {
                        job = rest.jobDetails(id);
                    } catch (java.io.IOException e) {
                        return false; // not recovered yet
                    }
                    return job.state().equals("RUNNING")
                            && !job.vertices().isEmpty()
                            && job.vertices().stream()
                                    .allMatch(v -> v.tasks().keySet().equals(Set.of("RUNNING")));
                },
                () -> "");
    }

    private static JobExecutionResultResponse awaitResult(StandaloneClusterProcess cluster, RestClient rest, JobId id)
            throws Exception {
        cluster.awaitCondition(
                "job " + id + " to end", TIMEOUT, () -> rest.executionResult(id).completed(), () -> "");
        return rest.executionResult(id);
    }
}
