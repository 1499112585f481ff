package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.UserSystemExits;
import dev.spindle.runtime.local.LocalTaskDeployer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs run inside the JobManager from a jar: the answer comes with the first job, later jobs
 * of the same main() still run, and unusable jars and failing programs are the request's fault.
 * The program classes are this test's nested classes (the jar only names them: its loader is
 * parent-first, as for every program).
 */
class ProgramJarRunnerTest {
    @TempDir
    Path dir;

    private Dispatcher dispatcher;
    private ProgramJarRunner runner;

    @BeforeEach
    void start() {
        dispatcher = new Dispatcher(
                new Configuration(), new LocalTaskDeployer(), getClass().getClassLoader(), List::of);
        runner =
                new ProgramJarRunner(dispatcher, new Configuration(), getClass().getClassLoader());
    }

    @AfterEach
    void stop() {
        runner.close();
        dispatcher.cancelAll();
    }

    @Test
    void answersWithTheFirstJobWhileMainGoesOnWithTheNext() throws Exception {
        TwoJobs.secondMayStart = new CountDownLatch(1);
        List<JobId> ids =
                runner.run(jar(TwoJobs.class), null, List.of("500"), 2).get(30, TimeUnit.SECONDS);

        assertEquals(1, ids.size(), "answered after the first job, before main() submitted the second");
        JobExecutionResult first = dispatcher.jobResult(ids.get(0)).get(30, TimeUnit.SECONDS);
        assertEquals(
                500L,
                first.counter("sum -> Sink.numRecordsIn"),
                first.counters().toString());
        TwoJobs.secondMayStart.countDown();
        waitUntil(() -> dispatcher.listJobs().join().size() == 2);
        for (JobDetails job : dispatcher.listJobs().get()) {
            dispatcher.jobResult(job.jobId()).get(30, TimeUnit.SECONDS);
            assertEquals(
                    JobStatus.FINISHED, dispatcher.requestJob(job.jobId()).get().status());
        }
    }

    @Test
    void aMissingClassIsTheRequestsFault() throws Exception {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> runner.run(jar(TwoJobs.class), "no.such.Program", List.of(), null)
                        .get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(
                e.getCause().getMessage().contains("class no.such.Program not found"),
                e.getCause().getMessage());
    }

    @Test
    void aProgramThatThrowsBeforeItsFirstJobFailsTheRequestWithItsException() throws Exception {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> runner.run(jar(Throws.class), null, List.of(), null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(
                e.getCause().getMessage().contains("main() of " + Throws.class.getName() + " threw")
                        && e.getCause().getMessage().contains("no input given"),
                e.getCause().getMessage());
        assertEquals(List.of(), dispatcher.listJobs().get());
    }

    @Test
    void aProgramWithoutJobsAnswersWithNone() throws Exception {
        assertEquals(
                List.of(), runner.run(jar(NoJob.class), null, List.of(), null).get(30, TimeUnit.SECONDS));
    }

    @Test
    void runsDoNotWaitForOneAnother() throws Exception {
        Blocks.mayGoOn = new CountDownLatch(1);
        CompletableFuture<List<JobId>> blocked = runner.run(jar(Blocks.class), null, List.of(), null);
        try {
            List<JobId> ids = runner.run(jar(TwoJobs.class), OneJob.class.getName(), List.of(), 1)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(1, ids.size(), "the second run was answered while the first is still in main()");
            assertFalse(blocked.isDone());
        } finally {
            Blocks.mayGoOn.countDown();
        }
        assertEquals(List.of(), blocked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aMainThatSubmitsNoJobInTimeIsInterruptedAndNothingOfItRuns() throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.JAR_RUN_TIMEOUT, Duration.ofMillis(300));
        ProgramJarRunner timed =
                new ProgramJarRunner(dispatcher, conf, getClass().getClassLoader());
        try {
            Sleeps.ended = new CompletableFuture<>();
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> timed.run(jar(Sleeps.class), null, List.of(), null).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals(
                    "the program of Sleeps.jar did not submit a job within 300 ms (jar.run.timeout): its main() "
                            + "was interrupted and nothing of this run runs",
                    e.getCause().getMessage());
            // main() saw the interruption, then tried to submit anyway: refused.
            String refusal = Sleeps.ended.get(10, TimeUnit.SECONDS);
            assertEquals(
                    "the jar run of Sleeps.jar was answered with a failure; its job 'too late' is not run", refusal);
            assertEquals(List.of(), dispatcher.listJobs().get());
        } finally {
            timed.close();
        }
    }

    @Test
    void runsBeyondTheLimitAreRefusedAtOnce() throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.JAR_RUN_MAX_CONCURRENT, 1);
        ProgramJarRunner one = new ProgramJarRunner(dispatcher, conf, getClass().getClassLoader());
        Blocks.mayGoOn = new CountDownLatch(1);
        try {
            CompletableFuture<List<JobId>> blocked = one.run(jar(Blocks.class), null, List.of(), null);
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> one.run(jar(TwoJobs.class), OneJob.class.getName(), List.of(), 1)
                            .get(10, TimeUnit.SECONDS));
            assertInstanceOf(JarRunRefusedException.class, e.getCause());
            assertEquals(
                    "1 jar runs are in their main() before their first job (jar.run.max-concurrent); nothing of "
                            + "this run was started: retry later",
                    e.getCause().getMessage());
            Blocks.mayGoOn.countDown();
            assertEquals(List.of(), blocked.get(10, TimeUnit.SECONDS));
            // Its answer frees the place.
            assertEquals(
                    1,
                    one.run(jar(TwoJobs.class), OneJob.class.getName(), List.of(), 1)
                            .get(10, TimeUnit.SECONDS)
                            .size());
        } finally {
            Blocks.mayGoOn.countDown();
            one.close();
        }
    }

    @Test
    void systemExitInMainFailsTheRunAndTheJvmLivesOn() throws Exception {
        assertTrue(UserSystemExits.install(UserSystemExits.Mode.THROW));
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> runner.run(jar(Exits.class), null, List.of(), null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(
                e.getCause().getMessage().contains("the program called System.exit(42)"),
                e.getCause().getMessage());
        assertEquals(List.of(), dispatcher.listJobs().get());
    }

    /** A jar whose manifest names {@code main} as its Main-Class. */
    private Path jar(Class<?> main) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path jar = dir.resolve(main.getSimpleName() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(10);
        }
    }

    /** Runs a job with execute() (blocking), then, once allowed, a second one. */
    public static final class TwoJobs {
        static volatile CountDownLatch secondMayStart;

        public static void main(String[] args) throws Exception {
            long n = Long.parseLong(args[0]);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, n).keyBy(i -> i % 7).sum(0).name("sum").addSink(v -> {});
            env.execute("first");
            secondMayStart.await();
            StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment();
            again.fromSequence(1, n).addSink(v -> {});
            again.execute("second");
        }
    }

    /** Fails before it runs anything, as a program with a missing argument does. */
    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalArgumentException("no input given");
        }
    }

    /** Runs one small job and returns. */
    public static final class OneJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 10).addSink(v -> {});
            env.executeAsync("one");
        }
    }

    /** Waits in main(), before any job, until allowed to return. */
    public static final class Blocks {
        static volatile CountDownLatch mayGoOn;

        public static void main(String[] args) throws InterruptedException {
            mayGoOn.await();
        }
    }

    /** Sleeps past the timeout; interrupted, it still tries to submit, and reports what it was told. */
    public static final class Sleeps {
        static volatile CompletableFuture<String> ended;

        public static void main(String[] args) throws Exception {
            try {
                Thread.sleep(60_000);
                ended.complete("not interrupted");
            } catch (InterruptedException e) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.fromSequence(1, 10).addSink(v -> {});
                try {
                    env.executeAsync("too late");
                    ended.complete("submitted");
                } catch (IllegalStateException refused) {
                    ended.complete(refused.getMessage());
                }
            }
        }
    }

    /** Ends its JVM, as some programs do after their job. */
    public static final class Exits {
        public static void main(String[] args) {
            System.exit(42);
        }
    }

    /** Returns without a job. */
    public static final class NoJob {
        public static void main(String[] args) {}
    }
}
