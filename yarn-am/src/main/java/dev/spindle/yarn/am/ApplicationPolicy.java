package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.DispatcherExecutor;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramLoadException;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application mode: the user's main() runs inside the AM, its jobs go to this JobManager's
 * dispatcher, and the cluster ends with the application. {@code execute()} blocks, so two calls run
 * one after the other; {@code executeAsync()} lets jobs run at the same time.
 *
 * <p>The application ends
 * <ul>
 *   <li>SUCCEEDED when main() has returned and every job it submitted FINISHED;
 *   <li>KILLED as soon as one of its jobs is CANCELED (by {@code spindle cancel} or
 *       {@code PATCH /jobs/{id}}): the other jobs are cancelled too, as in Flink's application mode;
 *   <li>FAILED as soon as one of its jobs FAILED (the job's failure in the diagnostics; the others
 *       are cancelled), when main() throws (the exception's class and message in the diagnostics),
 *       when the program cannot be loaded, or when main() returns without having submitted a job
 *       (as Flink does: an application without a job is a mistake, not a success).
 * </ul>
 * A job's end is looked at before main()'s: a blocking {@code execute()} whose job was cancelled
 * throws in main(), and that is the cancellation (KILLED), not a failing program.
 * A stop request (SIGTERM, {@code DELETE /cluster}) cancels the jobs, interrupts main() and ends
 * with the requested outcome.
 *
 * <p>Threads: main() runs on its own daemon thread ({@code Spindle application main}); {@link #run}
 * waits on the AM's main thread and wakes whenever a job is submitted or ends, main() ends, or a stop
 * is requested. The program's execution environment context belongs to that thread (and the threads
 * it starts; see {@link ProgramRunner}), so jars run through REST alongside do not see it.
 *
 * <p>A {@code System.exit} in main() (or in a thread it started) throws there, where the AM intercepts
 * exits of user code ({@code cluster.intercept-user-system-exit}, THROW by default): the application
 * ends FAILED with "the program called System.exit(n)" in its diagnostics, not as a killed AM.
 */
final class ApplicationPolicy implements ModePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationPolicy.class);
    /** How long the end waits for the cancelled jobs to reach CANCELED, so that clients see it. */
    private static final long CANCEL_WAIT_MILLIS = 10_000;

    private final Path jar;
    private final String entryClass;
    private final List<String> args;
    private final Configuration configuration;
    private final ClassLoader parent;
    private final CompletableFuture<AmOutcome> stop = new CompletableFuture<>();
    /** A permit for each change the waiting thread must look at. */
    private final Semaphore changes = new Semaphore(0);

    private volatile boolean ended;

    /**
     * @param jar the localized program jar in the working directory; also the jobs' user jar
     * @param entryClass the class whose main() runs, or null for the jar's Main-Class
     * @param args main()'s arguments
     * @param configuration the default configuration of the program's environments
     * @param parent the parent of the program's class loader (the AM's, holding the engine)
     */
    ApplicationPolicy(Path jar, String entryClass, List<String> args, Configuration configuration, ClassLoader parent) {
        this.jar = Objects.requireNonNull(jar, "jar");
        this.entryClass = entryClass;
        this.args = List.copyOf(args);
        this.configuration = new Configuration(configuration);
        this.parent = Objects.requireNonNull(parent, "parent");
        stop.whenComplete((o, t) -> changes.release());
    }

    @Override
    public AmOutcome run(JobManagerRunner jobManager) throws InterruptedException {
        return runApplication(jobManager.dispatcher());
    }

    /** {@link #run}'s work, on the JobManager's dispatcher. */
    AmOutcome runApplication(Dispatcher dispatcher) throws InterruptedException {
        UserProgram program;
        try {
            program = UserProgram.load(jar, entryClass, parent);
        } catch (ProgramLoadException e) {
            return AmOutcome.failed("application: cannot load the program: " + e.getMessage(), AmOutcome.EXIT_FAILED);
        }
        ApplicationJobs jobs = new ApplicationJobs(dispatcher, changes::release);
        CompletableFuture<Throwable> mainEnded = new CompletableFuture<>();
        mainEnded.whenComplete((t, e) -> changes.release());
        Thread main = new Thread(() -> runMain(program, dispatcher, jobs, mainEnded), "Spindle application main");
        main.setDaemon(true);
        LOG.info("Application: running main() of {} from {}", program.mainClassName(), jar.getFileName());
        main.start();
        try {
            AmOutcome outcome = awaitEnd(jobs, mainEnded, program.mainClassName());
            PerJobPolicy.awaitStopOutcomeServed(dispatcher);
            LOG.info("Application ends {}: {}", outcome.status(), outcome.diagnostics());
            return outcome;
        } finally {
            ended = true;
            main.interrupt();
            jobs.cancelRunning();
            if (!jobs.awaitEnded(CANCEL_WAIT_MILLIS)) {
                LOG.warn("Jobs of the application did not end within {} ms of their cancellation", CANCEL_WAIT_MILLIS);
            }
        }
    }

    /** Waits for the first state that ends the application; looks again after every change. */
    private AmOutcome awaitEnd(ApplicationJobs jobs, CompletableFuture<Throwable> mainEnded, String mainClass)
            throws InterruptedException {
        while (true) {
            // Permits of changes seen by the checks below go; a change after them leaves one.
            changes.drainPermits();
            if (stop.isDone()) {
                return stop.join();
            }
            AmOutcome jobEnd = jobs.firstUnsuccessfulEnd();
            if (jobEnd != null) {
                return jobEnd;
            }
            if (mainEnded.isDone()) {
                Throwable thrown = mainEnded.join();
                if (thrown != null) {
                    return AmOutcome.failed("application: " + thrown.getMessage(), AmOutcome.EXIT_FAILED);
                }
                if (jobs.isEmpty()) {
                    return AmOutcome.failed(
                            "application: main() of " + mainClass
                                    + " returned without submitting a job (no execute() or executeAsync() call)",
                            AmOutcome.EXIT_FAILED);
                }
                if (jobs.allFinished()) {
                    return AmOutcome.succeeded("application: main() of " + mainClass + " returned and its "
                            + jobs.ids().size() + " job(s) finished: " + jobs.ids());
                }
            }
            changes.acquire();
        }
    }

    /** The program's thread: main() with every job going to {@code dispatcher}. */
    private void runMain(
            UserProgram program, Dispatcher dispatcher, ApplicationJobs jobs, CompletableFuture<Throwable> mainEnded) {
        boolean highAvailability = HighAvailabilityOptions.enabled(configuration);
        PipelineExecutor executor = new DispatcherExecutor(dispatcher, List.of(jar), highAvailability);
        java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
        // Once the application has ended, a main() that goes on submitting is refused.
        PipelineExecutor gated = (graph, loader) -> {
            if (ended) {
                throw new IllegalStateException("the application has ended; job " + graph.name() + " is not run");
            }
            if (highAvailability) {
                return executor.execute(withApplicationJobId(graph, submitted.getAndIncrement()), loader);
            }
            return executor.execute(graph, loader);
        };
        try {
            new ProgramRunner(configuration, () -> gated, (JobClient c) -> jobs.add(c)).run(program, args);
            mainEnded.complete(null);
        } catch (ProgramFailedException e) {
            mainEnded.complete(e);
        } catch (RuntimeException | Error e) {
            mainEnded.complete(new ProgramFailedException(program.mainClassName(), e));
        } finally {
            try {
                program.close();
            } catch (IOException e) {
                LOG.warn("Closing the class loader of the program failed: {}", e.toString());
            }
        }
    }

    /**
     * High availability runs an application's one job under an id fixed by the cluster id, so that the
     * main() of a later attempt finds the job the leadership recovered instead of starting it again.
     * A second job is refused: a later attempt could not tell which of its jobs had run.
     */
    private JobGraph withApplicationJobId(JobGraph graph, int index) {
        if (index > 0) {
            throw new IllegalStateException("application mode with high availability runs one job (one execute() "
                    + "or executeAsync()); job " + graph.name() + " would be the " + (index + 1) + "th. Run the "
                    + "jobs as per-job applications or in a session, or turn high availability off");
        }
        String clusterId = configuration.get(HighAvailabilityOptions.CLUSTER_ID);
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("MD5")
                    .digest(("application-job:" + clusterId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
        JobId id = JobId.fromHex(java.util.HexFormat.of().formatHex(digest));
        return new JobGraph(
                id,
                graph.name(),
                graph.runtimeMode(),
                graph.maxParallelism(),
                graph.configuration(),
                graph.vertices(),
                graph.edges());
    }

    @Override
    public void requestStop(AmOutcome outcome) {
        stop.complete(outcome);
    }
}
