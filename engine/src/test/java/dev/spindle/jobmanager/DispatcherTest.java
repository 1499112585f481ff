package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The dispatcher running jobs with tasks in this JVM. */
class DispatcherTest {

    private static Dispatcher dispatcher(Configuration config) {
        return new Dispatcher(config, new LocalTaskDeployer(), DispatcherTest.class.getClassLoader(), List::of);
    }

    private static JobGraph finiteJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(1, 1000).keyBy(i -> i % 3).sum(0).addSink(v -> {});
        return env.getJobGraph("finite");
    }

    private static JobGraph endlessJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 10_000).addSink(v -> {});
        return env.getJobGraph("endless");
    }

    private static JobResultInfo awaitResult(Dispatcher d, JobId id) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        JobResultInfo r;
        while (!(r = d.requestJobResult(id).get()).status().isTerminal()) {
            assertTrue(System.currentTimeMillis() < deadline, "job did not end");
            Thread.sleep(10);
        }
        return r;
    }

    @Test
    void runsJobsAndReportsThem() throws Exception {
        Dispatcher d = dispatcher(new Configuration());
        JobGraph finite = finiteJob();
        JobGraph endless = endlessJob();
        assertEquals(finite.jobId(), d.submitJob(finite, List.of()).get());
        assertEquals(endless.jobId(), d.submitJob(endless, List.of()).get());

        JobResultInfo done = awaitResult(d, finite.jobId());
        assertEquals(JobStatus.FINISHED, done.status());
        assertNull(done.failure());
        assertEquals(
                1000L,
                done.counters().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("numRecordsOut"))
                        .mapToLong(Map.Entry::getValue)
                        .max()
                        .orElse(0));

        JobDetails running = d.requestJob(endless.jobId()).get();
        long deadline = System.currentTimeMillis() + 10_000;
        while (running.status() == JobStatus.CREATED && System.currentTimeMillis() < deadline) {
            Thread.sleep(10); // the job starter thread has not deployed it yet (a loaded machine)
            running = d.requestJob(endless.jobId()).get();
        }
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(-1, running.endTimeMillis());
        // "Every task running" comes once both endless tasks report RUNNING, after the job's start.
        deadline = System.currentTimeMillis() + 10_000;
        while (running.allTasksRunningMillis() < 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
            running = d.requestJob(endless.jobId()).get();
        }
        assertEquals(Map.of("RUNNING", 2), running.vertices().get(0).tasksPerState());
        assertTrue(running.allTasksRunningMillis() >= running.startTimeMillis(), running::toString);
        JobDetails finished = d.requestJob(finite.jobId()).get();
        assertTrue(
                finished.allTasksRunningMillis() >= finished.startTimeMillis()
                        && finished.allTasksRunningMillis() <= finished.endTimeMillis(),
                finished::toString);
        assertEquals(
                java.util.Set.of(endless.jobId(), finite.jobId()),
                java.util.Set.copyOf(
                        d.listJobs().get().stream().map(JobDetails::jobId).toList()));
        ClusterOverview overview = d.requestClusterOverview().get();
        assertEquals(1, overview.jobsRunning());
        assertEquals(1, overview.jobsFinished());

        d.cancelJob(endless.jobId()).get();
        assertEquals(JobStatus.CANCELED, awaitResult(d, endless.jobId()).status());
        JobDetails cancelled = d.requestJob(endless.jobId()).get();
        assertTrue(cancelled.endTimeMillis() >= cancelled.startTimeMillis());
        assertEquals(Map.of("CANCELED", 2), cancelled.vertices().get(0).tasksPerState());
    }

    @Test
    void unknownAndDuplicateJobsAreRefused() throws Exception {
        Dispatcher d = dispatcher(new Configuration());
        JobId unknown = JobId.generate();
        for (var call : List.of(d.requestJob(unknown), d.cancelJob(unknown), d.requestJobResult(unknown))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.SECONDS));
            assertInstanceOf(UnknownJobException.class, e.getCause());
        }
        JobGraph g = finiteJob();
        d.submitJob(g, List.of()).get();
        ExecutionException dup = assertThrows(
                ExecutionException.class, () -> d.submitJob(g, List.of()).get());
        assertInstanceOf(DuplicateJobException.class, dup.getCause());
    }

    @Test
    void aFailedJobKeepsItsCauseAndFinishedJobsExpire() throws Exception {
        Configuration config = new Configuration();
        config.set(JobManagerOptions.JOB_STORE_EXPIRATION, Duration.ofMillis(300));
        Dispatcher d = dispatcher(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10)
                .map(i -> {
                    if (i == 5) {
                        throw new IllegalStateException("five is right out");
                    }
                    return i;
                })
                .addSink(v -> {});
        JobGraph failing = env.getJobGraph("failing");
        d.submitJob(failing, List.of()).get();
        JobResultInfo r = awaitResult(d, failing.jobId());
        assertEquals(JobStatus.FAILED, r.status());
        assertTrue(r.failure().contains("IllegalStateException: five is right out"), r.failure());

        Thread.sleep(400);
        assertTrue(d.listJobs().get().isEmpty(), "expired jobs are dropped");
        assertThrows(
                ExecutionException.class, () -> d.requestJob(failing.jobId()).get());
    }

    /** jobstore.max-capacity: beyond it the finished jobs that came first are dropped, the newest kept. */
    @Test
    void finishedJobsBeyondTheCapacityAreEvictedOldestFirst() throws Exception {
        Configuration config = new Configuration();
        config.set(JobManagerOptions.JOB_STORE_MAX_CAPACITY, 3);
        Dispatcher d = dispatcher(config);
        JobGraph running = endlessJob();
        d.submitJob(running, List.of()).get();
        List<JobId> finished = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobGraph g = finiteJob();
            d.submitJob(g, List.of()).get();
            assertEquals(JobStatus.FINISHED, awaitResult(d, g.jobId()).status());
            finished.add(g.jobId());
        }

        assertListedEventually(
                d,
                List.of(running.jobId(), finished.get(2), finished.get(3), finished.get(4)),
                "the running job is never evicted");
        for (JobId evicted : finished.subList(0, 2)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class, () -> d.requestJob(evicted).get());
            assertInstanceOf(UnknownJobException.class, e.getCause());
        }
        d.cancelJob(running.jobId()).get();
        assertEquals(JobStatus.CANCELED, awaitResult(d, running.jobId()).status());
        assertListedEventually(
                d,
                List.of(running.jobId(), finished.get(3), finished.get(4)),
                "the job that ended last is the newest finished job, whatever its submission");
    }

    /**
     * A job's status is terminal a moment before the dispatcher files it as ended and evicts older
     * ones: waits up to 10 s for the list to be {@code expected}.
     */
    private static void assertListedEventually(Dispatcher d, List<JobId> expected, String message) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        List<JobId> listed = d.listJobs().get().stream().map(JobDetails::jobId).toList();
        while (!listed.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
            listed = d.listJobs().get().stream().map(JobDetails::jobId).toList();
        }
        assertEquals(expected, listed, message);
    }

    /**
     * A client listing the jobs while they end: a job's end once completed its result under the
     * job master's lock, and the dispatcher's bookkeeping then waited for the dispatcher's lock,
     * which listJobs() held while it waited for the job master's.
     */
    @Test
    void listingJobsWhileTheyEndDoesNotDeadlock() throws Exception {
        Dispatcher d = dispatcher(new Configuration());
        AtomicBoolean done = new AtomicBoolean();
        Thread lister = new Thread(
                () -> {
                    while (!done.get()) {
                        d.listJobs().join();
                    }
                },
                "lister");
        // Daemons, so that a deadlock fails the test instead of hanging the JVM.
        lister.setDaemon(true);
        lister.start();
        try {
            CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 20; i++) {
                            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
                            env.fromSequence(1, 10).addSink(v -> {});
                            d.jobResult(d.submitJob(env.getJobGraph("short " + i), List.of())
                                            .join())
                                    .join();
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            lister.join(10_000);
        }
        assertTrue(!lister.isAlive(), "the listing thread is stuck");
    }

    @Test
    void aFailedTaskIsInTheJobsExceptionHistory() throws Exception {
        Dispatcher d = dispatcher(new Configuration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10)
                .map(i -> {
                    if (i == 5) {
                        throw new IllegalStateException("no fives");
                    }
                    return i;
                })
                .addSink(v -> {});
        JobGraph graph = env.getJobGraph("fails at five");
        d.submitJob(graph, List.of()).get();

        assertEquals(JobStatus.FAILED, awaitResult(d, graph.jobId()).status());

        ExceptionHistory history = d.requestExceptionHistory(graph.jobId()).get();
        assertEquals(1, history.entries().size(), history.toString());
        ExceptionHistory.Entry failure = history.latest();
        assertEquals("java.lang.IllegalStateException", failure.exceptionName());
        assertTrue(failure.stacktrace().startsWith("java.lang.IllegalStateException: no fives"), failure.stacktrace());
        List<String> taskNames =
                graph.vertices().stream().map(v -> v.name() + " (1/1)").toList();
        assertTrue(taskNames.contains(failure.taskName()), failure.taskName() + " not in " + taskNames);
        assertEquals(ExceptionHistory.Location.LOCAL, failure.location());
        assertEquals(0, d.requestJob(graph.jobId()).get().restarts());
        assertInstanceOf(
                UnknownJobException.class,
                assertThrows(
                                ExecutionException.class,
                                () -> d.requestExceptionHistory(JobId.generate())
                                        .get())
                        .getCause());
    }

    /**
     * Checkpoint, savepoint and restart settings of the cluster are the defaults of its jobs; a job's
     * own setting wins; other cluster settings do not reach the job.
     */
    @Test
    void theClustersCheckpointSettingsAreItsJobsDefaults() throws Exception {
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.interval", "7 s");
        cluster.setString("state.checkpoints.dir", "file:///cluster-checkpoints");
        cluster.setString("execution.checkpointing.timeout", "1 min");
        Dispatcher d = dispatcher(cluster);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.getConfiguration().setString("execution.checkpointing.timeout", "2 min");
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 10_000).addSink(v -> {});
        JobGraph job = env.getJobGraph("endless");
        d.submitJob(job, List.of()).get();
        dev.spindle.checkpoint.CheckpointConfig config =
                d.requestCheckpointConfig(job.jobId()).get();
        assertEquals(java.time.Duration.ofSeconds(7), config.interval(), "the cluster's interval");
        assertEquals(java.time.Duration.ofMinutes(2), config.timeout(), "the job's own timeout wins");
        assertTrue(config.directory().startsWith("file:///cluster-checkpoints"), config.directory());
        d.cancelJob(job.jobId()).get();
        awaitResult(d, job.jobId());
    }
}
