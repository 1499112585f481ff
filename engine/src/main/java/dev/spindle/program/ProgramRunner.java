package dev.spindle.program;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.core.UserSystemExitException;
import dev.spindle.core.UserSystemExits;
import dev.spindle.core.execution.JobListener;
import dev.spindle.core.execution.PipelineExecutor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a user program's main() on the calling thread, inside a context: while it runs,
 * {@link StreamExecutionEnvironment#getExecutionEnvironment()} returns environments with the
 * caller's configuration, an executor of the chosen target and the program's class loader, and with
 * the caller's listener registered. Where the jobs run is only the executor's business, so every
 * target reuses this class.
 *
 * <p>The context belongs to the calling thread and is inherited by the threads the program starts
 * ({@link StreamExecutionEnvironment#initializeContext}), so programs on different threads run at
 * the same time, each with its own. main() runs marked as user code ({@link UserSystemExits}): where
 * the process intercepts exits, its {@code System.exit} throws {@link UserSystemExitException}.
 */
public final class ProgramRunner {
    private final Configuration configuration;
    private final Supplier<PipelineExecutor> executors;
    private final JobListener listener;

    /**
     * @param configuration copied into each environment the program creates
     * @param executors makes the executor of each environment
     * @param listener hears each job the program submits
     */
    public ProgramRunner(Configuration configuration, Supplier<PipelineExecutor> executors, JobListener listener) {
        this.configuration = new Configuration(Objects.requireNonNull(configuration, "configuration"));
        this.executors = Objects.requireNonNull(executors, "executors");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Calls the program's main() with {@code args}, unchanged; returns when it returns. The
     * context is set for this thread only and removed at the end.
     */
    public void run(UserProgram program, List<String> args) throws ProgramFailedException {
        String[] mainArgs = args.toArray(new String[0]);
        StreamExecutionEnvironment.initializeContext(() -> newEnvironment(program));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Libraries the program uses (and the program itself) look up resources and service
        // providers through the context class loader; they must see the jar.
        thread.setContextClassLoader(program.classLoader());
        try {
            UserSystemExits.runAsUserCode(() -> program.mainMethod().invoke(null, (Object) mainArgs));
        } catch (InvocationTargetException e) {
            throw new ProgramFailedException(program.mainClassName(), e.getCause());
        } catch (ExceptionInInitializerError e) {
            // The class is initialized by the call, so its static initializer is the program's code too.
            throw new ProgramFailedException(program.mainClassName(), e.getCause() != null ? e.getCause() : e);
        } catch (ReflectiveOperationException e) {
            // Only IllegalAccessException remains: invoke() throws no other.
            throw new IllegalStateException(
                    "main() of " + program.mainClassName() + " was made accessible when loaded, yet cannot be called",
                    e);
        } finally {
            thread.setContextClassLoader(previous);
            StreamExecutionEnvironment.resetContext();
        }
    }

    private StreamExecutionEnvironment newEnvironment(UserProgram program) {
        StreamExecutionEnvironment env =
                new StreamExecutionEnvironment(configuration, executors.get(), program.classLoader());
        env.registerJobListener(listener);
        return env;
    }
}
