package dev.spindle.jobmanager;

import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramLoadException;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the main() of an uploaded jar inside the JobManager, its jobs going to this JobManager's
 * dispatcher ({@code POST /jars/{jarid}/run}). The answer does not wait for the program: the
 * future completes with the first job as soon as the program submits it, so a program that calls
 * the blocking {@code execute()} (or several in a row) keeps running here while the client
 * follows its job through REST. A program that fails or returns before submitting a job fails
 * the request ({@link IllegalArgumentException}: the jar, its class or its main() are at fault).
 *
 * <p>Each run has its own thread ({@code Spindle jar run N}) and its own execution environment
 * context (inherited by the threads the program starts), so runs do not wait for one another.
 * At most {@code jar.run.max-concurrent} runs may be before their first job at once; one more is
 * refused ({@link JarRunRefusedException}). A run that has not submitted a job within
 * {@code jar.run.timeout} is failed and its thread interrupted. A run answered with a failure
 * never runs a job ({@link JarRun}).
 */
public final class ProgramJarRunner implements JarRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramJarRunner.class);

    private final Dispatcher dispatcher;
    private final Configuration configuration;
    private final ClassLoader parent;
    private final Duration timeout;
    private final int maxConcurrent;
    /** A permit for each run that may be before its first job. */
    private final Semaphore unanswered;

    private final Set<Thread> programThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param dispatcher where the programs' jobs go
     * @param configuration the programs' default configuration; read for {@link JobManagerOptions#JAR_RUN_TIMEOUT}
     *     and {@link JobManagerOptions#JAR_RUN_MAX_CONCURRENT}
     * @param parent the parent of the programs' class loaders (holds the engine)
     */
    public ProgramJarRunner(Dispatcher dispatcher, Configuration configuration, ClassLoader parent) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.configuration = new Configuration(configuration);
        this.parent = Objects.requireNonNull(parent, "parent");
        this.timeout = configuration.get(JobManagerOptions.JAR_RUN_TIMEOUT);
        this.maxConcurrent = configuration.get(JobManagerOptions.JAR_RUN_MAX_CONCURRENT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    JobManagerOptions.JAR_RUN_TIMEOUT.key() + " must be positive, was " + timeout);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    JobManagerOptions.JAR_RUN_MAX_CONCURRENT.key() + " must be at least 1, was " + maxConcurrent);
        }
        this.unanswered = new Semaphore(maxConcurrent);
    }

    @Override
    public CompletableFuture<List<JobId>> run(Path jar, String entryClass, List<String> args, Integer parallelism) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new JarRunRefusedException("the JobManager is stopping; " + "nothing of this run was started"));
        }
        if (!unanswered.tryAcquire()) {
            return CompletableFuture.failedFuture(new JarRunRefusedException(maxConcurrent
                    + " jar runs are in their main() before their first job ("
                    + JobManagerOptions.JAR_RUN_MAX_CONCURRENT.key()
                    + "); nothing of this run was started: retry later"));
        }
        JarRun run = new JarRun(jar.getFileName().toString());
        Thread thread = new Thread(
                () -> runProgram(jar, entryClass, args, parallelism, run), "Spindle jar run " + runs.incrementAndGet());
        thread.setDaemon(true);
        run.answer().whenComplete((jobs, failure) -> {
            unanswered.release();
            if (failure != null) {
                // Whatever main() still does cannot submit anything: stop it if it listens.
                thread.interrupt();
            }
        });
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> run.fail(new IllegalArgumentException(
                        "the program of " + jar.getFileName() + " did not submit a job within "
                                + timeout.toMillis() + " ms (" + JobManagerOptions.JAR_RUN_TIMEOUT.key()
                                + "): its main() was interrupted and nothing of this run runs")));
        programThreads.add(thread);
        thread.start();
        return run.answer();
    }

    /** The program's thread: main() with every job going to the dispatcher through the run's gate. */
    private void runProgram(Path jar, String entryClass, List<String> args, Integer parallelism, JarRun run) {
        Configuration conf = new Configuration(configuration);
        if (parallelism != null) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        Throwable failure = null;
        try (UserProgram program = UserProgram.load(jar, entryClass, parent)) {
            LOG.info("Running main() of {} from {}", program.mainClassName(), jar.getFileName());
            PipelineExecutor gated = run.gate(new DispatcherExecutor(dispatcher, List.of(jar)));
            new ProgramRunner(conf, () -> gated, client -> {}).run(program, args);
        } catch (ProgramLoadException e) {
            failure = new IllegalArgumentException(e.getMessage(), e);
        } catch (ProgramFailedException e) {
            // After the first job the client has its answer; a later failure is the program's to report.
            LOG.warn("{}", e.getMessage(), e.getCause());
            failure = new IllegalArgumentException(e.getMessage(), e.getCause());
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("Running the program of {} failed", jar.getFileName(), e);
            failure = e;
        } finally {
            programThreads.remove(Thread.currentThread());
        }
        run.mainEnded(failure);
    }

    /** Refuses new runs and interrupts the programs still in main(). */
    @Override
    public void close() {
        closed = true;
        programThreads.forEach(Thread::interrupt);
    }
}
