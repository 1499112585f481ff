package dev.spindle.jobmanager;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobId;
import dev.spindle.api.JobListener;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramLoadException;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>Programs run one at a time on one thread ({@code Spindle jar runner}): the execution
 * environment's context is JVM-wide.
 */
public final class ProgramJarRunner implements JarRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramJarRunner.class);

    private final Dispatcher dispatcher;
    private final Configuration configuration;
    private final ClassLoader parent;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "Spindle jar runner");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param dispatcher where the programs' jobs go
     * @param configuration the programs' default configuration
     * @param parent the parent of the programs' class loaders (holds the engine)
     */
    public ProgramJarRunner(Dispatcher dispatcher, Configuration configuration, ClassLoader parent) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.configuration = new Configuration(configuration);
        this.parent = Objects.requireNonNull(parent, "parent");
    }

    @Override
    public CompletableFuture<List<JobId>> run(Path jar, String entryClass, List<String> args, Integer parallelism) {
        CompletableFuture<List<JobId>> answer = new CompletableFuture<>();
        thread.execute(() -> runProgram(jar, entryClass, args, parallelism, answer));
        return answer;
    }

    private void runProgram(Path jar, String entryClass, List<String> args, Integer parallelism,
            CompletableFuture<List<JobId>> answer) {
        Configuration conf = new Configuration(configuration);
        if (parallelism != null) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        List<JobId> submitted = new CopyOnWriteArrayList<>();
        JobListener listener = (JobClient client) -> {
            submitted.add(client.getJobId());
            answer.complete(List.copyOf(submitted));
        };
        try (UserProgram program = UserProgram.load(jar, entryClass, parent)) {
            LOG.info("Running main() of {} from {}", program.mainClassName(), jar.getFileName());
            new ProgramRunner(conf, () -> new DispatcherExecutor(dispatcher, List.of(jar)), listener).run(program, args);
            answer.complete(List.copyOf(submitted));
        } catch (ProgramLoadException e) {
            answer.completeExceptionally(new IllegalArgumentException(e.getMessage(), e));
        } catch (ProgramFailedException e) {
            // After the first job the client has its answer; a later failure is the program's to report.
            LOG.warn("{}", e.getMessage(), e.getCause());
            answer.completeExceptionally(new IllegalArgumentException(e.getMessage(), e.getCause()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Running the program of {} failed", jar.getFileName(), e);
            answer.completeExceptionally(e);
        }
    }

    /** Stops the runner; a program still in main() is interrupted. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
