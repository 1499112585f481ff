package dev.spindle.jobmanager;

import dev.spindle.api.operators.GlobalInitHook;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.UserCode;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: prepares its operators, deploys every task through a {@link TaskDeployer},
 * tracks task states, and decides the job's state. The first task failure moves the job to
 * FAILING, cancels the other tasks, and the job ends FAILED with that failure as its cause;
 * {@link #cancel} ends it CANCELED.
 *
 * <p>Threading: state changes happen under this object's lock; task reports arrive on any thread.
 * The result future completes on the thread of the last task report.
 */
public final class JobMaster {
    private static final Logger LOG = LoggerFactory.getLogger(JobMaster.class);

    private final JobGraph graph;
    private final ClassLoader userClassLoader;
    private final TaskDeployer deployer;
    private final List<java.nio.file.Path> userJars;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final Map<Integer, ExecutionState[]> taskStates = new HashMap<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private JobStatus status = JobStatus.CREATED;
    private Throwable failureCause;
    private int tasksTotal;
    private int terminalTasks;
    private long startNanos;
    private long startMillis;
    private long endMillis = -1;
    /** Tasks that have reached RUNNING (or FINISHED straight away). */
    private int startedTasks;

    private long allTasksRunningMillis = -1;
    /** The job's failures, newest first; replaced (it is immutable) under the lock. */
    private ExceptionHistory exceptionHistory;
    /** How many times the job has been restarted. */
    private int restarts;

    public JobMaster(JobGraph graph, ClassLoader userClassLoader, TaskDeployer deployer) {
        this(graph, userClassLoader, List.of(), deployer);
    }

    /** A job master for a job whose user code is in {@code userJars}. */
    public JobMaster(
            JobGraph graph, ClassLoader userClassLoader, List<java.nio.file.Path> userJars, TaskDeployer deployer) {
        this.userJars = List.copyOf(userJars);
        this.graph = graph;
        this.userClassLoader = userClassLoader;
        this.deployer = deployer;
        for (JobVertex v : graph.vertices()) {
            ExecutionState[] states = new ExecutionState[v.parallelism()];
            java.util.Arrays.fill(states, ExecutionState.CREATED);
            taskStates.put(v.id(), states);
            tasksTotal += v.parallelism();
        }
        this.exceptionHistory = ExceptionHistory.empty(historySize(graph));
    }

    /** {@code web.exception-history-size} of the job's configuration; a bad value keeps the default. */
    private static int historySize(JobGraph graph) {
        try {
            return Configuration.fromMap(graph.configuration()).get(RestOptions.EXCEPTION_HISTORY_SIZE);
        } catch (IllegalConfigurationException e) {
            LOG.warn(
                    "Job {}: {}; keeping {} failures",
                    graph.jobId(),
                    e.getMessage(),
                    RestOptions.EXCEPTION_HISTORY_SIZE.defaultValue());
            return RestOptions.EXCEPTION_HISTORY_SIZE.defaultValue();
        }
    }

    public JobId jobId() {
        return graph.jobId();
    }

    public JobGraph jobGraph() {
        return graph;
    }

    /**
     * Prepares and deploys every task; returns once they are deployed (with a cluster deployer,
     * after waiting for slots). A failure to prepare fails the job. Not under the lock while it
     * waits, so that clients can still look at and cancel the job.
     */
    public JobMaster start() {
        synchronized (this) {
            if (status != JobStatus.CREATED) {
                return this; // cancelled before it started
            }
            startNanos = System.nanoTime();
            startMillis = System.currentTimeMillis();
        }
        List<TaskDescriptor> descriptors = new ArrayList<>();
        try {
            initializeOperatorsGlobally();
            for (JobVertex v : graph.vertices()) {
                descriptors.addAll(TaskDescriptor.forVertex(graph, v));
            }
            deployer.prepareJob(graph, userClassLoader, userJars);
        } catch (Exception e) {
            failBeforeRunning(e);
            return this;
        }
        synchronized (this) {
            if (status != JobStatus.CREATED) {
                deployer.jobEnded(graph.jobId()); // cancelled while waiting for slots
                return this;
            }
            status = JobStatus.RUNNING;
        }
        LOG.info("Job {} ({}) deploying {} tasks", graph.name(), graph.jobId(), descriptors.size());
        for (TaskDescriptor d : descriptors) {
            try {
                if (status() != JobStatus.RUNNING) {
                    // The job is failing or cancelled: the rest is never started.
                    onTaskState(new TaskExecutionState(
                            graph.jobId(), d.vertexId(), d.subtaskIndex(), ExecutionState.CANCELED, null, Map.of()));
                    continue;
                }
                deployer.deploy(d, this::onTaskState);
            } catch (Exception e) {
                onTaskState(new TaskExecutionState(
                        graph.jobId(),
                        d.vertexId(),
                        d.subtaskIndex(),
                        ExecutionState.FAILED,
                        new IllegalStateException("could not deploy " + d.taskName() + ": " + e.getMessage(), e),
                        Map.of()));
            }
        }
        return this;
    }

    private void failBeforeRunning(Exception e) {
        synchronized (this) {
            if (status.isTerminal()) {
                return;
            }
            deployer.jobEnded(graph.jobId());
            status = JobStatus.FAILED;
            endMillis = System.currentTimeMillis();
            failureCause = e;
            exceptionHistory = exceptionHistory.with(ExceptionHistory.Entry.of(e, endMillis, null, null));
            LOG.info("Job {} ({}) could not start: {}", graph.name(), graph.jobId(), e.toString());
        }
        // Outside the lock, as in complete().
        result.completeExceptionally(new JobExecutionException(
                graph.jobId(), "Job '" + graph.name() + "' could not start: " + e.getMessage(), e));
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

    /** A task's state change; called by deployers, on any thread. */
    public void onTaskState(TaskExecutionState s) {
        boolean stopAll = false;
        boolean ended = false;
        synchronized (this) {
            ExecutionState[] states = taskStates.get(s.vertexId());
            if (states == null
                    || s.subtaskIndex() < 0
                    || s.subtaskIndex() >= states.length
                    || states[s.subtaskIndex()].isTerminal()) {
                return; // unknown or late: a task reports only one terminal state
            }
            // While the job is cancelled, a task can fail only as a consequence: a peer on another
            // TaskManager was cancelled first and released the partition it read. It counts as cancelled.
            ExecutionState state = s.state() == ExecutionState.FAILED && status == JobStatus.CANCELLING
                    ? ExecutionState.CANCELED
                    : s.state();
            ExecutionState previous = states[s.subtaskIndex()];
            states[s.subtaskIndex()] = state;
            if ((previous == ExecutionState.CREATED || previous == ExecutionState.DEPLOYING)
                    && (state == ExecutionState.RUNNING || state == ExecutionState.FINISHED)
                    && ++startedTasks == tasksTotal) {
                allTasksRunningMillis = System.currentTimeMillis();
            }
            if (!state.isTerminal()) {
                return;
            }
            s.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            terminalTasks++;
            if (s.state() == ExecutionState.FAILED && failureCause == null && status == JobStatus.RUNNING) {
                failureCause = s.failure();
                status = JobStatus.FAILING;
                recordFailure(s);
                stopAll = true;
            }
            ended = terminalTasks == tasksTotal;
        }
        if (stopAll) {
            deployer.cancelAll(graph.jobId());
        }
        if (ended) {
            complete();
        }
    }

    /** Adds a task's failure to the history; under the lock. */
    private void recordFailure(TaskExecutionState s) {
        JobVertex v = graph.vertex(s.vertexId());
        String taskName = v.name() + " (" + (s.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
        ExceptionHistory.Location location = deployer.locationOf(graph.jobId(), s.vertexId(), s.subtaskIndex());
        exceptionHistory = exceptionHistory.with(
                ExceptionHistory.Entry.of(s.failure(), System.currentTimeMillis(), taskName, location));
    }

    private void complete() {
        deployer.jobEnded(graph.jobId());
        Runnable completion;
        synchronized (this) {
            if (status.isTerminal()) {
                return;
            }
            endMillis = System.currentTimeMillis();
            Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
            if (failureCause != null) {
                status = JobStatus.FAILED;
                LOG.info("Job {} ({}) failed after {} ms", graph.name(), graph.jobId(), runtime.toMillis());
                JobExecutionException failure = new JobExecutionException(
                        graph.jobId(), "Job '" + graph.name() + "' failed: " + failureCause, failureCause);
                completion = () -> result.completeExceptionally(failure);
            } else if (status == JobStatus.CANCELLING) {
                status = JobStatus.CANCELED;
                LOG.info("Job {} ({}) cancelled", graph.name(), graph.jobId());
                completion = () -> result.completeExceptionally(new JobCancellationException(graph.jobId()));
            } else {
                status = JobStatus.FINISHED;
                LOG.info("Job {} ({}) finished in {} ms", graph.name(), graph.jobId(), runtime.toMillis());
                JobExecutionResult finished = new JobExecutionResult(graph.jobId(), graph.name(), runtime, counters);
                completion = () -> result.complete(finished);
            }
        }
        // Outside the lock: the result's dependents take other locks (the dispatcher's, whose
        // listJobs() holds it while it asks this job for details).
        completion.run();
    }

    /** Asks the job to cancel; returns at once. */
    public void cancel() {
        boolean stop;
        boolean cancelledBeforeRunning;
        synchronized (this) {
            cancelledBeforeRunning = status == JobStatus.CREATED;
            if (cancelledBeforeRunning) {
                status = JobStatus.CANCELED;
                endMillis = System.currentTimeMillis();
            }
            stop = status == JobStatus.RUNNING;
            if (stop) {
                status = JobStatus.CANCELLING;
            }
        }
        if (cancelledBeforeRunning) {
            // Outside the lock, as in complete(). A job waiting for slots withdraws its request.
            deployer.jobEnded(graph.jobId());
            result.completeExceptionally(new JobCancellationException(graph.jobId()));
        }
        if (stop) {
            deployer.cancelAll(graph.jobId());
        }
    }

    public synchronized JobStatus status() {
        return status;
    }

    public CompletableFuture<JobExecutionResult> result() {
        return result;
    }

    /** A snapshot of the job for clients. */
    public synchronized JobDetails details() {
        List<JobDetails.VertexDetails> vertices = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            Map<String, Integer> perState = new TreeMap<>();
            for (ExecutionState s : taskStates.get(v.id())) {
                perState.merge(s.name(), 1, Integer::sum);
            }
            vertices.add(new JobDetails.VertexDetails(v.id(), v.name(), v.parallelism(), perState));
        }
        // Only a job that has not started its tasks waits for resources.
        String pendingResources = status == JobStatus.CREATED ? deployer.pendingResources(graph.jobId()) : null;
        return new JobDetails(
                graph.jobId(),
                graph.name(),
                status,
                startMillis,
                endMillis,
                allTasksRunningMillis,
                vertices,
                pendingResources,
                restarts);
    }

    /** The job's failures so far, newest first: an immutable snapshot. */
    public synchronized ExceptionHistory exceptionHistory() {
        return exceptionHistory;
    }

    /** How many times the job has been restarted. */
    public synchronized int numRestarts() {
        return restarts;
    }

    /** The result as clients see it; not terminal while the job runs. */
    public synchronized JobResultInfo resultInfo() {
        long runtime = endMillis < 0 ? 0 : endMillis - startMillis;
        String failure = failureCause == null ? null : dev.spindle.util.Exceptions.stackTraceOf(failureCause);
        return new JobResultInfo(
                graph.jobId(), status, runtime, status == JobStatus.FINISHED ? counters : Map.of(), failure);
    }
}
