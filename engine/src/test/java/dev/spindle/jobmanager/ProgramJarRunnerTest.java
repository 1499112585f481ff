package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobId;
import dev.spindle.api.JobStatus;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.runtime.local.LocalTaskDeployer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        dispatcher = new Dispatcher(new Configuration(), new LocalTaskDeployer(), getClass().getClassLoader(), List::of);
        runner = new ProgramJarRunner(dispatcher, new Configuration(), getClass().getClassLoader());
    }

    @AfterEach
    void stop() {
        runner.close();
        dispatcher.cancelAll();
    }

    @Test
    void answersWithTheFirstJobWhileMainGoesOnWithTheNext() throws Exception {
        TwoJobs.secondMayStart = new CountDownLatch(1);
        List<JobId> ids = runner.run(jar(TwoJobs.class), null, List.of("500"), 2).get(30, TimeUnit.SECONDS);

        assertEquals(1, ids.size(), "answered after the first job, before main() submitted the second");
        JobExecutionResult first = dispatcher.jobResult(ids.get(0)).get(30, TimeUnit.SECONDS);
        assertEquals(500L, first.counter("sum -> Sink.numRecordsIn"), first.counters().toString());
        TwoJobs.secondMayStart.countDown();
        waitUntil(() -> dispatcher.listJobs().join().size() == 2);
        for (JobDetails job : dispatcher.listJobs().get()) {
            dispatcher.jobResult(job.jobId()).get(30, TimeUnit.SECONDS);
            assertEquals(JobStatus.FINISHED, dispatcher.requestJob(job.jobId()).get().status());
        }
    }

    @Test
    void aMissingClassIsTheRequestsFault() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> runner.run(jar(TwoJobs.class), "no.such.Program", List.of(), null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("class no.such.Program not found"), e.getCause().getMessage());
    }

    @Test
    void aProgramThatThrowsBeforeItsFirstJobFailsTheRequestWithItsException() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> runner.run(jar(Throws.class), null, List.of(), null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("main() of " + Throws.class.getName() + " threw")
                && e.getCause().getMessage().contains("no input given"), e.getCause().getMessage());
        assertEquals(List.of(), dispatcher.listJobs().get());
    }

    @Test
    void aProgramWithoutJobsAnswersWithNone() throws Exception {
        assertEquals(List.of(), runner.run(jar(NoJob.class), null, List.of(), null).get(30, TimeUnit.SECONDS));
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
            env.fromSequence(1, n).keyBy(i -> i % 7).sum(0).name("sum").addSink(v -> { });
            env.execute("first");
            secondMayStart.await();
            StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment();
            again.fromSequence(1, n).addSink(v -> { });
            again.execute("second");
        }
    }

    /** Fails before it runs anything, as a program with a missing argument does. */
    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalArgumentException("no input given");
        }
    }

    /** Returns without a job. */
    public static final class NoJob {
        public static void main(String[] args) {
        }
    }
}
