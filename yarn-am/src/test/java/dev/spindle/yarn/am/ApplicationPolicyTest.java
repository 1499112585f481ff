package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.ha.FileSystemJobResultStore;
import dev.spindle.ha.JobResultEntry;
import dev.spindle.ha.NoHighAvailabilityServices;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import dev.spindle.resource.ApplicationStatus;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application mode's policy on a dispatcher running tasks in this JVM. The programs are classes of
 * this test, found through the program jar's parent loader; the jar itself only has to be a jar.
 */
class ApplicationPolicyTest {
    @TempDir
    Path workingDirectory;

    private final Dispatcher dispatcher = new Dispatcher(
            new Configuration(), new LocalTaskDeployer(), ApplicationPolicyTest.class.getClassLoader(), List::of);

    private ApplicationPolicy policyFor(Class<?> program, String... args) throws Exception {
        return policyFor(program, new Configuration(), args);
    }

    private ApplicationPolicy policyFor(Class<?> program, Configuration extra, String... args) throws Exception {
        Path jar = workingDirectory.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, new Manifest())) {
            j.flush();
        }
        Configuration conf = new Configuration(extra);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        return new ApplicationPolicy(
                jar, program.getName(), List.of(args), conf, ApplicationPolicyTest.class.getClassLoader());
    }

    private CompletableFuture<AmOutcome> runAsync(ApplicationPolicy policy) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return policy.runApplication(dispatcher);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the dispatcher's jobs satisfy {@code condition}; returns them. */
    private List<JobDetails> awaitJobs(Predicate<List<JobDetails>> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<JobDetails> jobs = dispatcher.listJobs().get();
        while (!condition.test(jobs)) {
            assertTrue(System.currentTimeMillis() < deadline, "jobs never got there: " + jobs);
            Thread.sleep(10);
            jobs = dispatcher.listJobs().get();
        }
        return jobs;
    }

    private static boolean allIn(List<JobDetails> jobs, int count, JobStatus status) {
        return jobs.size() == count && jobs.stream().allMatch(j -> j.status() == status);
    }

    private static void endless(StreamExecutionEnvironment env) {
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 1_000).addSink(v -> {});
    }

    /** Two blocking execute() calls. */
    public static final class Sequential {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 20_000).keyBy(i -> i % 3).sum(0).addSink(v -> {});
            env.execute("first");
            env.fromSequence(1, 100).addSink(v -> {});
            env.execute("second");
        }
    }

    /** Two endless jobs with executeAsync(); main() returns at once. */
    public static final class TwoAsync {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            endless(env);
            env.executeAsync("async one");
            endless(env);
            env.executeAsync("async two");
        }
    }

    /** One endless job with the blocking execute(). */
    public static final class Blocking {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            endless(env);
            env.execute("blocking");
        }
    }

    /** An endless job, then a job that fails. */
    public static final class OneFails {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            endless(env);
            env.executeAsync("endless");
            env.fromSequence(1, 10)
                    .map(i -> {
                        if (i == 5) {
                            throw new IllegalStateException("bad record 5");
                        }
                        return i;
                    })
                    .addSink(v -> {});
            env.execute("failing");
        }
    }

    /** Throws before submitting anything. */
    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalArgumentException("no input at " + args[0]);
        }
    }

    /** Returns without a job. */
    public static final class NoJob {
        public static void main(String[] args) {
            StreamExecutionEnvironment.getExecutionEnvironment();
        }
    }

    /** One blocking execute(). */
    public static final class SingleJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 100).addSink(v -> {});
            env.execute("single");
        }
    }

    /**
     * High availability, a later attempt: main() runs again, and its one job had ended under the
     * earlier attempt (as the job result store, a real one on the local file system, says). The job
     * does not run again; the application ends as the job did.
     */
    @Test
    void aJobThatEndedUnderAnEarlierAttemptIsNotRunAgainAndTheApplicationEndsAsItEnded() throws Exception {
        String clusterId = "application_1700000000000_0001";
        // The id high availability gives the application's job: MD5 of "application-job:" + cluster id.
        JobId id = JobId.fromHex(java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(("application-job:" + clusterId).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        for (JobStatus ended : List.of(JobStatus.FINISHED, JobStatus.FAILED)) {
            FileSystemJobResultStore results = FileSystemJobResultStore.open(
                    workingDirectory.resolve("results-" + ended).toUri().toString(), false);
            results.createDirtyResult(new JobResultEntry(id, "single", ended, 1L, 2L, null));
            results.markResultAsClean(id);
            Configuration config = new Configuration();
            Dispatcher afterFailover = new Dispatcher(
                    config,
                    new LocalTaskDeployer(),
                    ApplicationPolicyTest.class.getClassLoader(),
                    List::of,
                    new JobPersistence(
                            new NoHighAvailabilityServices(clusterId),
                            results,
                            RetryStrategy.fromConfiguration(config)));
            Configuration ha = new Configuration();
            ha.set(HighAvailabilityOptions.TYPE, "zookeeper");
            ha.set(HighAvailabilityOptions.CLUSTER_ID, clusterId);
            ApplicationPolicy policy = policyFor(SingleJob.class, ha);

            AmOutcome o = policy.runApplication(afterFailover);

            assertEquals(
                    ended == JobStatus.FINISHED ? ApplicationStatus.SUCCEEDED : ApplicationStatus.FAILED,
                    o.status(),
                    o.diagnostics());
            assertTrue(afterFailover.listJobs().get().isEmpty(), "the job did not run again");
        }
    }

    @Test
    void twoExecuteCallsRunOneAfterTheOtherAndTheApplicationSucceeds() throws Exception {
        AmOutcome o = policyFor(Sequential.class).runApplication(dispatcher);
        assertEquals(ApplicationStatus.SUCCEEDED, o.status(), o.diagnostics());
        assertEquals(AmOutcome.EXIT_SUCCEEDED, o.exitCode());
        List<JobDetails> jobs = dispatcher.listJobs().get().stream()
                .sorted(Comparator.comparingLong(JobDetails::startTimeMillis))
                .toList();
        assertEquals(
                List.of("first", "second"), jobs.stream().map(JobDetails::name).toList());
        assertTrue(jobs.stream().allMatch(j -> j.status() == JobStatus.FINISHED), jobs.toString());
        assertTrue(jobs.get(1).startTimeMillis() >= jobs.get(0).endTimeMillis(), jobs.toString());
    }

    @Test
    void asyncJobsRunAtOnceAndCancellingOneKillsTheApplicationAndTheOther() throws Exception {
        CompletableFuture<AmOutcome> outcome = runAsync(policyFor(TwoAsync.class));
        List<JobDetails> running = awaitJobs(jobs -> allIn(jobs, 2, JobStatus.RUNNING));
        dispatcher.cancelJob(running.get(0).jobId()).get();
        AmOutcome o = outcome.get(30, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.KILLED, o.status(), o.diagnostics());
        assertTrue(o.diagnostics().contains(running.get(0).jobId() + " was cancelled"), o.diagnostics());
        awaitJobs(jobs -> allIn(jobs, 2, JobStatus.CANCELED));
    }

    @Test
    void cancellingTheJobOfABlockingExecuteIsAKillNotAFailingProgram() throws Exception {
        CompletableFuture<AmOutcome> outcome = runAsync(policyFor(Blocking.class));
        List<JobDetails> running = awaitJobs(jobs -> allIn(jobs, 1, JobStatus.RUNNING));
        dispatcher.cancelJob(running.get(0).jobId()).get();
        AmOutcome o = outcome.get(30, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.KILLED, o.status(), o.diagnostics());
        assertEquals(AmOutcome.EXIT_KILLED, o.exitCode());
    }

    @Test
    void aFailedJobFailsTheApplicationWithItsFailureAndCancelsTheOthers() throws Exception {
        AmOutcome o = policyFor(OneFails.class).runApplication(dispatcher);
        assertEquals(ApplicationStatus.FAILED, o.status(), o.diagnostics());
        assertTrue(o.diagnostics().contains("bad record 5"), o.diagnostics());
        awaitJobs(jobs -> jobs.size() == 2 && jobs.stream().anyMatch(j -> j.status() == JobStatus.CANCELED));
    }

    @Test
    void aThrowingMainFailsTheApplicationWithTheException() throws Exception {
        AmOutcome o = policyFor(Throws.class, "/data/in").runApplication(dispatcher);
        assertEquals(ApplicationStatus.FAILED, o.status());
        assertEquals(AmOutcome.EXIT_FAILED, o.exitCode());
        assertTrue(
                o.diagnostics().contains("java.lang.IllegalArgumentException: no input at /data/in"), o.diagnostics());
    }

    @Test
    void aMainWithoutJobsFailsTheApplication() throws Exception {
        AmOutcome o = policyFor(NoJob.class).runApplication(dispatcher);
        assertEquals(ApplicationStatus.FAILED, o.status());
        assertTrue(o.diagnostics().contains("without submitting a job"), o.diagnostics());
    }

    @Test
    void aStopRequestCancelsTheJobsAndEndsAsRequested() throws Exception {
        ApplicationPolicy policy = policyFor(Blocking.class);
        CompletableFuture<AmOutcome> outcome = runAsync(policy);
        awaitJobs(jobs -> allIn(jobs, 1, JobStatus.RUNNING));
        policy.requestStop(AmOutcome.killed("killed (SIGTERM)"));
        AmOutcome o = outcome.get(30, TimeUnit.SECONDS);
        assertEquals(ApplicationStatus.KILLED, o.status());
        assertEquals("killed (SIGTERM)", o.diagnostics());
        awaitJobs(jobs -> allIn(jobs, 1, JobStatus.CANCELED));
    }
}
