package dev.spindle.api;

import dev.spindle.api.functions.GeneratorFunction;
import dev.spindle.api.functions.SourceFunction;
import dev.spindle.api.operators.SourceOperator;
import dev.spindle.api.sources.CollectionSource;
import dev.spindle.api.sources.FileLineSource;
import dev.spindle.api.sources.FunctionSource;
import dev.spindle.api.sources.GeneratorSource;
import dev.spindle.api.sources.SequenceSource;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.JobListener;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.core.execution.PipelineExecutorServiceLoader;
import dev.spindle.graph.InvalidProgramException;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphBuilder;
import dev.spindle.graph.Transformation;
import dev.spindle.types.TypeInfo;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Where a program starts: it creates sources, collects the pipeline, and executes it.
 * {@link #getExecutionEnvironment()} returns what the program's context decides: a local
 * environment when run on its own, the cluster's when submitted with {@code spindle run}.
 *
 * <p>Not thread-safe: one program builds its pipeline on one thread.
 */
public class StreamExecutionEnvironment {
    /**
     * Per thread, and inherited by the threads a program starts: programs run at the same time in
     * one JVM (jar runs in a JobManager) each see their own context.
     */
    private static final InheritableThreadLocal<StreamExecutionEnvironmentFactory> CONTEXT =
            new InheritableThreadLocal<>();

    private final Configuration configuration;
    private final PipelineExecutor executor;
    private final ClassLoader userClassLoader;
    private final List<Transformation<?>> sinks = new ArrayList<>();
    private final List<JobListener> jobListeners = new ArrayList<>();

    public StreamExecutionEnvironment(
            Configuration configuration, PipelineExecutor executor, ClassLoader userClassLoader) {
        this.configuration = new Configuration(Objects.requireNonNull(configuration, "configuration"));
        this.executor = Objects.requireNonNull(executor, "executor");
        this.userClassLoader = Objects.requireNonNull(userClassLoader, "userClassLoader");
    }

    /** The environment of the current context; a local one when there is none. */
    public static StreamExecutionEnvironment getExecutionEnvironment() {
        StreamExecutionEnvironmentFactory factory = CONTEXT.get();
        return factory != null ? factory.create() : createLocalEnvironment();
    }

    /** Runs in this JVM with as many parallel tasks as there are processors. */
    public static StreamExecutionEnvironment createLocalEnvironment() {
        return createLocalEnvironment(Runtime.getRuntime().availableProcessors());
    }

    public static StreamExecutionEnvironment createLocalEnvironment(int parallelism) {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return createLocalEnvironment(c);
    }

    public static StreamExecutionEnvironment createLocalEnvironment(Configuration configuration) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        // Found through a factory: the API does not depend on the runtime that implements it.
        PipelineExecutor executor = PipelineExecutorServiceLoader.factory(PipelineExecutorServiceLoader.LOCAL)
                .getExecutor(configuration);
        return new StreamExecutionEnvironment(
                configuration, executor, cl != null ? cl : StreamExecutionEnvironment.class.getClassLoader());
    }

    /**
     * Installs the factory that {@link #getExecutionEnvironment()} uses on the calling thread and
     * on the threads it starts from now on, e.g. by a command-line client before it calls main().
     */
    public static void initializeContext(StreamExecutionEnvironmentFactory factory) {
        CONTEXT.set(Objects.requireNonNull(factory, "factory"));
    }

    /** Removes the calling thread's factory (threads started meanwhile keep their copy). */
    public static void resetContext() {
        CONTEXT.remove();
    }

    // ---- settings ----

    public StreamExecutionEnvironment setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return this;
    }

    public int getParallelism() {
        return configuration.get(CoreOptions.DEFAULT_PARALLELISM);
    }

    public StreamExecutionEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > (1 << 15)) {
            throw new IllegalArgumentException("max parallelism must be in [1, 32768], was " + maxParallelism);
        }
        configuration.set(CoreOptions.MAX_PARALLELISM, maxParallelism);
        return this;
    }

    public int getMaxParallelism() {
        return configuration.get(CoreOptions.MAX_PARALLELISM);
    }

    public StreamExecutionEnvironment setRuntimeMode(RuntimeExecutionMode mode) {
        configuration.set(CoreOptions.RUNTIME_MODE, Objects.requireNonNull(mode, "mode"));
        return this;
    }

    /**
     * Takes a checkpoint every {@code intervalMillis} in STREAMING jobs, EXACTLY_ONCE; the same as
     * {@code execution.checkpointing.interval}. A failed job then restarts (exponential-delay,
     * unless {@code restart-strategy.type} says otherwise) from its latest completed checkpoint.
     */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis) {
        return enableCheckpointing(intervalMillis, dev.spindle.core.CheckpointingMode.EXACTLY_ONCE);
    }

    /** As {@link #enableCheckpointing(long)}, with the given guarantee. */
    public StreamExecutionEnvironment enableCheckpointing(
            long intervalMillis, dev.spindle.core.CheckpointingMode mode) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("the checkpoint interval must be positive, not " + intervalMillis);
        }
        configuration.set(
                dev.spindle.config.CheckpointingOptions.INTERVAL, java.time.Duration.ofMillis(intervalMillis));
        configuration.set(dev.spindle.config.CheckpointingOptions.MODE, Objects.requireNonNull(mode, "mode"));
        return this;
    }

    /** The environment's configuration; changes apply to jobs executed afterwards. */
    public Configuration getConfiguration() {
        return configuration;
    }

    public void registerJobListener(JobListener listener) {
        jobListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public ClassLoader getUserClassLoader() {
        return userClassLoader;
    }

    // ---- sources ----

    /** The lines of a text file, or of the files of a directory, read in parallel splits. */
    public DataStream<String> readTextFile(String path) {
        Objects.requireNonNull(path, "path");
        return addSourceOperator("Read " + path, new FileLineSource(path), Types.STRING);
    }

    /** The numbers {@code from..to}, inclusive, in parallel. */
    public DataStream<Long> fromSequence(long from, long to) {
        return addSourceOperator("Sequence " + from + ".." + to, new SequenceSource(from, to), Types.LONG);
    }

    /**
     * {@code count} records made by {@code generator} from their index, in parallel, at most
     * {@code recordsPerSecond} in all (0: as fast as possible). {@link Long#MAX_VALUE} records
     * make an unbounded source.
     */
    public <T> DataStream<T> fromGenerator(
            long count, GeneratorFunction<T> generator, TypeInfo<T> type, double recordsPerSecond) {
        return addSourceOperator("Generator", new GeneratorSource<>(count, generator, recordsPerSecond), type);
    }

    public <T> DataStream<T> fromGenerator(long count, GeneratorFunction<T> generator, TypeInfo<T> type) {
        return fromGenerator(count, generator, type, 0);
    }

    /** The elements, in order, from one task. Elements must be serializable: they ship with the job. */
    public <T> DataStream<T> fromCollection(Collection<T> elements, TypeInfo<T> type) {
        return addSourceOperator("Collection", new CollectionSource<>(List.copyOf(elements)), type);
    }

    /** Like {@link #fromCollection(Collection, TypeInfo)}, with the type taken from the first element. */
    public <T> DataStream<T> fromCollection(Collection<T> elements) {
        if (elements.isEmpty()) {
            throw new InvalidProgramException(
                    "fromCollection needs a type for an empty collection: " + "use fromCollection(elements, type)");
        }
        @SuppressWarnings("unchecked") // the class of an element of a Collection<T>
        Class<T> type = (Class<T>) elements.iterator().next().getClass();
        return fromCollection(elements, Types.forClass(type));
    }

    /** The given elements, in order, from one task; the type is taken from the first. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, through an immutable copy
    public final <T> DataStream<T> fromElements(T... elements) {
        return fromCollection(List.of(elements));
    }

    /** A user-defined, non-parallel, unbounded source. */
    public <T> DataStream<T> addSource(SourceFunction<T> source, TypeInfo<T> type) {
        return addSourceOperator("Custom source", new FunctionSource<>(source, false), type);
    }

    /** A user-defined, non-parallel source that ends by itself (allowed in BATCH mode). */
    public <T> DataStream<T> addBoundedSource(SourceFunction<T> source, TypeInfo<T> type) {
        return addSourceOperator("Custom source", new FunctionSource<>(source, true), type);
    }

    private <T> DataStream<T> addSourceOperator(String name, SourceOperator<T> operator, TypeInfo<T> type) {
        return new DataStream<>(this, new Transformation.Source<>(name, operator, type));
    }

    void addSink(Transformation<?> sink) {
        sinks.add(sink);
    }

    // ---- execution ----

    /** Compiles what was defined since the last execution into a job graph, without running it. */
    public JobGraph getJobGraph(String jobName) {
        return new JobGraphBuilder(configuration).build(jobName, sinks);
    }

    /** Runs the pipeline and waits for it to end. */
    public JobExecutionResult execute(String jobName) throws Exception {
        JobClient client = executeAsync(jobName);
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            jobListeners.forEach(l -> l.onJobExecuted(result, null));
            return result;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            jobListeners.forEach(l -> l.onJobExecuted(null, cause));
            throw cause instanceof Exception ex
                    ? ex
                    : new JobExecutionException(client.getJobId(), "job failed", cause);
        } catch (InterruptedException e) {
            client.cancel();
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    public JobExecutionResult execute() throws Exception {
        return execute("Spindle job");
    }

    /**
     * Submits the pipeline and returns at once. The pipeline is cleared, so that the program can
     * define and submit the next one.
     */
    public JobClient executeAsync(String jobName) throws Exception {
        JobGraph graph = getJobGraph(jobName);
        sinks.clear();
        JobClient client = executor.execute(graph, userClassLoader).get();
        jobListeners.forEach(l -> l.onJobSubmitted(client));
        return client;
    }
}
