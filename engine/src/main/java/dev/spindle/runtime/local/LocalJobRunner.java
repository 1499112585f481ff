package dev.spindle.runtime.local;

import dev.spindle.api.JobCancellationException;
import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionException;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobStatus;
import dev.spindle.api.RuntimeExecutionMode;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.UserCode;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordWriter;
import dev.spindle.runtime.operators.GlobalInitHook;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.Task;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job graph in this JVM: every parallel task on its own thread, exchanges through
 * memory. The first task failure cancels the others and fails the job with that failure as the
 * cause; {@link JobClient#cancel} cancels every task.
 *
 * <p>Threading: job state changes under this object's lock; task reports arrive on task threads.
 */
public final class LocalJobRunner implements JobClient {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private final JobGraph graph;
    private final ClassLoader userClassLoader;
    private final Configuration configuration;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private LocalShuffleEnvironment shuffle;
    private ScheduledExecutorService flusher;
    private JobStatus status = JobStatus.CREATED;
    private Throwable failureCause;
    private int terminalTasks;
    private long startNanos;

    public LocalJobRunner(JobGraph graph, ClassLoader userClassLoader) {
        this.graph = graph;
        this.userClassLoader = userClassLoader;
        this.configuration = Configuration.fromMap(graph.configuration());
    }

    /** Prepares and starts every task; returns at once. A failure to prepare fails the job. */
    public synchronized LocalJobRunner start() {
        startNanos = System.nanoTime();
        try {
            initializeOperatorsGlobally();
            shuffle = new LocalShuffleEnvironment(configuration);
            for (JobVertex v : graph.vertices()) {
                for (TaskDescriptor d : TaskDescriptor.forVertex(graph, v)) {
                    tasks.add(new Task(d, shuffle, userClassLoader, this::onTaskState));
                }
            }
        } catch (Exception e) {
            status = JobStatus.FAILED;
            result.completeExceptionally(new JobExecutionException(graph.jobId(),
                    "Job '" + graph.name() + "' could not start: " + e.getMessage(), e));
            return this;
        }
        status = JobStatus.RUNNING;
        LOG.info("Job {} ({}) running {} tasks", graph.name(), graph.jobId(), tasks.size());
        startFlusher();
        for (Task t : tasks) {
            Thread thread = new Thread(t, "Spindle task " + t.descriptor().taskName());
            thread.start();
        }
        return this;
    }

    private void initializeOperatorsGlobally() throws Exception {
        for (JobVertex v : graph.vertices()) {
            for (JobVertex.ChainedOperator op : v.operators()) {
                Object operator = UserCode.deserialize(op.payload(), userClassLoader, Object.class);
                if (operator instanceof GlobalInitHook hook) {
                    hook.initializeGlobal(v.parallelism());
                }
            }
        }
    }

    /** In STREAMING mode, partly filled buffers are sent at least every buffer timeout. */
    private void startFlusher() {
        Duration timeout = configuration.get(CoreOptions.BUFFER_TIMEOUT);
        if (graph.runtimeMode() != RuntimeExecutionMode.STREAMING || timeout.isZero()) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle output flusher " + graph.jobId());
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleAtFixedRate(() -> {
            for (Task t : tasks) {
                for (RecordWriter<Object> w : t.writers()) {
                    w.requestFlush();
                }
            }
        }, timeout.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onTaskState(TaskExecutionState s) {
        boolean stopAll = false;
        synchronized (this) {
            if (!s.state().isTerminal()) {
                return;
            }
            s.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            terminalTasks++;
            if (s.state() == ExecutionState.FAILED && failureCause == null && status == JobStatus.RUNNING) {
                failureCause = s.failure();
                status = JobStatus.FAILING;
                stopAll = true;
            }
        }
        if (stopAll) {
            stopAllTasks();
        }
        synchronized (this) {
            if (terminalTasks == tasks.size() && !status.isTerminal()) {
                complete();
            }
        }
    }

    private void complete() {
        releasePartitions();
        if (flusher != null) {
            flusher.shutdownNow();
        }
        Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
        if (failureCause != null) {
            status = JobStatus.FAILED;
            LOG.info("Job {} ({}) failed after {} ms", graph.name(), graph.jobId(), runtime.toMillis());
            result.completeExceptionally(new JobExecutionException(graph.jobId(),
                    "Job '" + graph.name() + "' failed: " + failureCause, failureCause));
        } else if (status == JobStatus.CANCELLING) {
            status = JobStatus.CANCELED;
            LOG.info("Job {} ({}) cancelled", graph.name(), graph.jobId());
            result.completeExceptionally(new JobCancellationException(graph.jobId()));
        } else {
            status = JobStatus.FINISHED;
            LOG.info("Job {} ({}) finished in {} ms", graph.name(), graph.jobId(), runtime.toMillis());
            result.complete(new JobExecutionResult(graph.jobId(), graph.name(), runtime, counters));
        }
    }

    /** Cancels every task, then frees the exchanges so that tasks blocked on them wake up. */
    private void stopAllTasks() {
        for (Task t : tasks) {
            t.cancel();
        }
        releasePartitions();
    }

    private void releasePartitions() {
        if (shuffle == null) {
            return;
        }
        for (JobEdge e : graph.edges()) {
            for (int p = 0; p < graph.vertex(e.source()).parallelism(); p++) {
                shuffle.releasePartition(new PartitionId(graph.jobId(), e.id(), p));
            }
        }
    }

    @Override
    public dev.spindle.api.JobId getJobId() {
        return graph.jobId();
    }

    @Override
    public synchronized CompletableFuture<JobStatus> getJobStatus() {
        return CompletableFuture.completedFuture(status);
    }

    @Override
    public CompletableFuture<Void> cancel() {
        boolean stop;
        synchronized (this) {
            stop = status == JobStatus.RUNNING;
            if (stop) {
                status = JobStatus.CANCELLING;
            }
        }
        if (stop) {
            stopAllTasks();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }
}
