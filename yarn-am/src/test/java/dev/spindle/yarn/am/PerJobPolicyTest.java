package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.ha.FileSystemJobResultStore;
import dev.spindle.ha.JobResultEntry;
import dev.spindle.ha.NoHighAvailabilityServices;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import dev.spindle.resource.ApplicationStatus;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-job mode's policy on a dispatcher running tasks in this JVM: the application mirrors the job. */
class PerJobPolicyTest {
    @TempDir
    Path workingDirectory;

    private static Dispatcher dispatcher() {
        return new Dispatcher(
                new Configuration(), new LocalTaskDeployer(), PerJobPolicyTest.class.getClassLoader(), List::of);
    }

    private PerJobPolicy policyFor(JobGraph graph) throws Exception {
        Path file = workingDirectory.resolve("job-graph.bin");
        Files.write(file, JobGraphCodec.toBytes(graph));
        return new PerJobPolicy(file, List.of());
    }

    private PerJobPolicy policyFor(JobGraph graph, Duration clientTimeout) throws Exception {
        Path file = workingDirectory.resolve("job-graph.bin");
        Files.write(file, JobGraphCodec.toBytes(graph));
        return new PerJobPolicy(file, List.of(), clientTimeout);
    }

    private static StreamExecutionEnvironment env() {
        return StreamExecutionEnvironment.createLocalEnvironment(2);
    }

    private static JobGraph endlessJob() {
        StreamExecutionEnvironment env = env();
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 10_000).addSink(v -> {});
        return env.getJobGraph("endless");
    }

    private static CompletableFuture<AmOutcome> runAsync(PerJobPolicy policy, Dispatcher dispatcher) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return policy.runJob(dispatcher);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFinishedJobEndsTheApplicationSucceeded() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromSequence(1, 1000).keyBy(i -> i % 3).sum(0).addSink(v -> {});
        AmOutcome o = policyFor(env.getJobGraph("finite")).runJob(dispatcher());
        assertEquals(ApplicationStatus.SUCCEEDED, o.status());
        assertEquals(AmOutcome.EXIT_SUCCEEDED, o.exitCode());
        assertTrue(o.diagnostics().contains("job finite"), o.diagnostics());
    }

    /**
     * A later attempt (high availability) whose job ended under an earlier attempt that died before
     * ending the application: the job result store (a real one on the local file system) says how it
     * ended, the job does not run again, and the application ends as the job did.
     */
    @Test
    void aJobThatEndedUnderAnEarlierAttemptIsNotRunAgainAndEndsTheApplicationAsItEnded() throws Exception {
        for (JobStatus ended : List.of(JobStatus.FINISHED, JobStatus.FAILED)) {
            JobGraph graph = endlessJob();
            FileSystemJobResultStore results = FileSystemJobResultStore.open(
                    workingDirectory.resolve("results-" + ended).toUri().toString(), false);
            results.createDirtyResult(new JobResultEntry(graph.jobId(), graph.name(), ended, 1L, 2L, null));
            results.markResultAsClean(graph.jobId());
            Configuration config = new Configuration();
            Dispatcher dispatcher = new Dispatcher(
                    config,
                    new LocalTaskDeployer(),
                    PerJobPolicyTest.class.getClassLoader(),
                    List::of,
                    new JobPersistence(
                            new NoHighAvailabilityServices("default"),
                            results,
                            RetryStrategy.fromConfiguration(config)));

            AmOutcome o = policyFor(graph).runJob(dispatcher);

            if (ended == JobStatus.FINISHED) {
                assertEquals(ApplicationStatus.SUCCEEDED, o.status(), o.diagnostics());
                assertEquals("job endless (" + graph.jobId() + ") finished under an earlier attempt", o.diagnostics());
            } else {
                assertEquals(ApplicationStatus.FAILED, o.status(), o.diagnostics());
                assertEquals(
                        "job endless (" + graph.jobId() + ") ended FAILED under an earlier attempt", o.diagnostics());
            }
            assertTrue(dispatcher.listJobs().get().isEmpty(), "the job did not run again");
        }
    }

    @Test
    void aFailedJobEndsTheApplicationFailedWithTheJobsFailure() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromSequence(1, 10)
                .map(i -> {
                    if (i == 5) {
                        throw new IllegalStateException("bad record 5");
                    }
                    return i;
                })
                .addSink(v -> {});
        AmOutcome o = policyFor(env.getJobGraph("failing")).runJob(dispatcher());
        assertEquals(ApplicationStatus.FAILED, o.status());
        assertEquals(AmOutcome.EXIT_FAILED, o.exitCode());
        assertTrue(o.diagnostics().contains("bad record 5"), o.diagnostics());
    }

    @Test
    void aCancelledJobEndsTheApplicationKilled() throws Exception {
        Dispatcher dispatcher = dispatcher();
        JobGraph graph = endlessJob();
        CompletableFuture<AmOutcome> outcome = runAsync(policyFor(graph), dispatcher);
        long deadline = System.currentTimeMillis() + 10_000;
        while (dispatcher.listJobs().get().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        dispatcher.cancelJob(graph.jobId()).get();
        AmOutcome o = outcome.get(20, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.KILLED, o.status());
        assertTrue(o.diagnostics().contains("cancelled"), o.diagnostics());
    }

    @Test
    void aStopRequestEndsItAsRequestedAndCancelsTheJob() throws Exception {
        Dispatcher dispatcher = dispatcher();
        JobGraph graph = endlessJob();
        PerJobPolicy policy = policyFor(graph);
        CompletableFuture<AmOutcome> outcome = runAsync(policy, dispatcher);
        long deadline = System.currentTimeMillis() + 10_000;
        while (dispatcher.listJobs().get().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        policy.requestStop(AmOutcome.killed("killed (SIGTERM)"));
        AmOutcome o = outcome.get(20, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.KILLED, o.status());
        assertEquals("killed (SIGTERM)", o.diagnostics());
        dispatcher.jobResult(graph.jobId()).handle((r, t) -> null).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aClientSilentForItsTimeoutEndsTheApplicationKilledAndCancelsTheJob() throws Exception {
        Dispatcher dispatcher = dispatcher();
        JobGraph graph = endlessJob();
        long start = System.nanoTime();
        PerJobPolicy policy = policyFor(graph, Duration.ofMillis(600));
        AmOutcome o = runAsync(policy, dispatcher).get(20, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ApplicationStatus.KILLED, o.status());
        assertTrue(o.diagnostics().startsWith("the attached client went silent for "), o.diagnostics());
        assertTrue(o.diagnostics().contains("client.heartbeat.timeout = 600 ms"), o.diagnostics());
        assertTrue(tookMillis >= 600 && tookMillis < 10_000, "ended after " + tookMillis + " ms");
        dispatcher.jobResult(graph.jobId()).handle((r, t) -> null).get(20, TimeUnit.SECONDS);
        assertEquals(
                JobStatus.CANCELED, dispatcher.requestJob(graph.jobId()).get().status());
    }

    @Test
    void aClientThatKeepsBeatingKeepsItsJobRunning() throws Exception {
        Dispatcher dispatcher = dispatcher();
        JobGraph graph = endlessJob();
        PerJobPolicy policy = policyFor(graph, Duration.ofMillis(400));
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        try {
            // As the real client: it may beat before the job is submitted (refused), and keeps on.
            client.scheduleWithFixedDelay(
                    () -> dispatcher.recordClientHeartbeat(graph.jobId()), 0, 50, TimeUnit.MILLISECONDS);
            CompletableFuture<AmOutcome> outcome = runAsync(policy, dispatcher);
            Thread.sleep(1_500);
            assertFalse(outcome.isDone(), () -> "ended though the client beat: " + outcome.join());
            policy.requestStop(AmOutcome.succeeded("stopped"));
            assertEquals("stopped", outcome.get(20, TimeUnit.SECONDS).diagnostics());
        } finally {
            client.shutdownNow();
        }
    }

    @Test
    void attachedTheClusterEndsOnceTheClientWasServedTheResult() throws Exception {
        Dispatcher dispatcher = dispatcher();
        StreamExecutionEnvironment env = env();
        env.fromSequence(1, 1000).addSink(v -> {});
        JobGraph graph = env.getJobGraph("attached");
        PerJobPolicy policy = policyFor(graph, Duration.ofSeconds(60));
        dispatcher.recordClientHeartbeat(graph.jobId()); // refused (no job yet); the lease counts from the start
        CompletableFuture<AmOutcome> outcome = runAsync(policy, dispatcher);
        long deadline = System.currentTimeMillis() + 20_000;
        while (dispatcher.requestJob(graph.jobId()).handle((j, t) -> t == null).join() == Boolean.FALSE) {
            assertTrue(System.currentTimeMillis() < deadline, "the policy did not submit the job");
            Thread.sleep(10);
        }
        dispatcher.jobResult(graph.jobId()).get(20, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertFalse(outcome.isDone(), "ended before its attached client had the result");

        dispatcher.resultServed(graph.jobId()); // what GET /jobs/{id}/execution-result does once it is terminal
        AmOutcome o = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.SUCCEEDED, o.status());
    }

    @Test
    void aMissingJobGraphFailsTheApplication() throws Exception {
        AmOutcome o = new PerJobPolicy(workingDirectory.resolve("nothing.bin"), List.of()).runJob(dispatcher());
        assertEquals(ApplicationStatus.FAILED, o.status());
        assertTrue(o.diagnostics().contains("cannot read the job graph"), o.diagnostics());
    }
}
