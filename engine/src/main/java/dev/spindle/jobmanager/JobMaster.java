package dev.spindle.jobmanager;

import dev.spindle.api.operators.GlobalInitHook;
import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.UserCode;
import dev.spindle.jobmanager.restart.RestartStrategy;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.runtime.task.TaskListener;
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
 * Runs one job: prepares its operators, deploys every task through a {@link TaskDeployer}, tracks
 * task states, restarts the job when a task fails and its restart strategy allows it, and decides
 * the job's state.
 *
 * <p>A task failure (or a failure of the job as a whole, such as too many failed checkpoints)
 * cancels every task. If the {@link RestartStrategy} allows a restart the job is RESTARTING: once
 * every task has ended, and after the strategy's backoff, every task is deployed again as the next
 * attempt, restored from the latest completed checkpoint (or from scratch without one). Otherwise
 * the job is FAILING and ends FAILED with the last failure as its cause. {@link #cancel} ends it
 * CANCELED.
 *
 * <p>Threading: state changes happen under this object's lock; task reports arrive on any thread.
 * Restarts and checkpoint work run on the job's {@link JobCheckpointing} timer thread. The result
 * future completes on the thread of the last task report.
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
    private final JobCheckpointing checkpointing;
    private final RestartStrategy restartStrategy;
    private final TaskListener listener = new Listener();
    /** The job's failures, newest first; replaced (it is immutable) under the lock. */
    private ExceptionHistory exceptionHistory;

    private List<TaskDescriptor> descriptors = List.of();
    private JobStatus status = JobStatus.CREATED;
    private Throwable failureCause;
    private int tasksTotal;
    private int terminalTasks;
    private long startNanos;
    private long startMillis;
    private long endMillis = -1;
    /** Tasks of the current attempt that have reached RUNNING (or FINISHED straight away). */
    private int startedTasks;
    /** The job's attempt: 0 at first, one more with every restart. */
    private int attempt;

    private long allTasksRunningMillis = -1;

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
        this.checkpointing = new JobCheckpointing(graph, new CheckpointActions());
        this.restartStrategy = checkpointing.restartStrategy();
        this.exceptionHistory = ExceptionHistory.empty(checkpointing.exceptionHistorySize());
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
        List<TaskDescriptor> all = new ArrayList<>();
        try {
            initializeOperatorsGlobally();
            for (JobVertex v : graph.vertices()) {
                all.addAll(TaskDescriptor.forVertex(graph, v));
            }
            checkpointing.initialize();
            deployer.prepareJob(graph, userClassLoader, userJars);
        } catch (Exception e) {
            failBeforeRunning(e);
            return this;
        }
        synchronized (this) {
            descriptors = List.copyOf(all);
            if (status != JobStatus.CREATED) {
                deployer.jobEnded(graph.jobId()); // cancelled while waiting for slots
                return this;
            }
            status = JobStatus.RUNNING;
        }
        CompletedCheckpoint initial = checkpointing.initialRestore();
        LOG.info(
                "Job {} ({}) deploying {} tasks{}",
                graph.name(),
                graph.jobId(),
                all.size(),
                initial == null ? "" : ", restored from " + initial.externalPointer());
        deployAll(0, initial);
        return this;
    }

    /** Deploys every task as attempt {@code attemptNumber}, restored from {@code restore} (or not). */
    private void deployAll(int attemptNumber, CompletedCheckpoint restore) {
        checkpointing.attemptStarted(attemptNumber > 0);
        Map<Integer, List<TaskDescriptor.TaskRestore>> restores =
                restore == null ? null : StateAssignment.assign(graph, restore);
        for (TaskDescriptor base : descriptors) {
            TaskDescriptor d = base.forAttempt(
                    attemptNumber,
                    restores == null ? null : restores.get(base.vertexId()).get(base.subtaskIndex()));
            try {
                if (status() != JobStatus.RUNNING || currentAttempt() != attemptNumber) {
                    // The job is failing, restarting again or cancelled: the rest is never started.
                    listener.stateChanged(state(d, ExecutionState.CANCELED, null));
                    continue;
                }
                deployer.deploy(d, listener);
            } catch (Exception e) {
                listener.stateChanged(state(
                        d,
                        ExecutionState.FAILED,
                        new IllegalStateException("could not deploy " + d.taskName() + ": " + e.getMessage(), e)));
            }
        }
    }

    private static TaskExecutionState state(TaskDescriptor d, ExecutionState state, Throwable failure) {
        return new TaskExecutionState(d.jobId(), d.vertexId(), d.subtaskIndex(), state, failure, Map.of(), d.attempt());
    }

    private synchronized int currentAttempt() {
        return attempt;
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
        checkpointing.shutdown(JobStatus.FAILED);
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
            if (s.attempt() != attempt
                    || states == null
                    || s.subtaskIndex() < 0
                    || s.subtaskIndex() >= states.length
                    || states[s.subtaskIndex()].isTerminal()) {
                return; // unknown, late, or of an earlier attempt: a task reports one terminal state
            }
            // While the job is cancelled or restarted, a task can fail only as a consequence: a peer
            // on another TaskManager was cancelled first and released the partition it read.
            boolean consequence = status == JobStatus.CANCELLING || status == JobStatus.RESTARTING;
            ExecutionState state =
                    s.state() == ExecutionState.FAILED && consequence ? ExecutionState.CANCELED : s.state();
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
            if (state == ExecutionState.FAILED && status == JobStatus.RUNNING) {
                JobVertex v = graph.vertex(s.vertexId());
                String task = v.name() + " (" + (s.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
                stopAll = onFailure(
                        s.failure(), task, deployer.locationOf(graph.jobId(), s.vertexId(), s.subtaskIndex()));
            }
            ended = terminalTasks == tasksTotal;
        }
        if (stopAll) {
            checkpointing.stopCheckpoints();
            deployer.cancelAll(graph.jobId());
        }
        if (ended) {
            allTasksEnded();
        }
    }

    /**
     * Records a failure and decides: RESTARTING or FAILING. Under the lock, with the job RUNNING.
     *
     * @return true: the job's tasks must be cancelled
     */
    private boolean onFailure(Throwable cause, String taskName, ExceptionHistory.Location location) {
        long now = System.currentTimeMillis();
        exceptionHistory = exceptionHistory.with(ExceptionHistory.Entry.of(cause, now, taskName, location));
        failureCause = cause;
        restartStrategy.notifyFailure(now);
        if (restartStrategy.canRestart(now)) {
            status = JobStatus.RESTARTING;
            LOG.info(
                    "Job {} ({}) restarts after a failure of {}: {}",
                    graph.name(),
                    graph.jobId(),
                    taskName,
                    cause.toString());
        } else {
            status = JobStatus.FAILING;
            LOG.info(
                    "Job {} ({}) fails; its restart strategy, {}, allows no more restarts",
                    graph.name(),
                    graph.jobId(),
                    restartStrategy.description());
        }
        return true;
    }

    /** Fails the job as a whole (not a task): restarts it if its strategy allows. Any thread. */
    public void failGlobally(Throwable cause) {
        boolean ended;
        synchronized (this) {
            if (status != JobStatus.RUNNING) {
                return;
            }
            onFailure(cause, null, null);
            ended = terminalTasks == tasksTotal;
        }
        checkpointing.stopCheckpoints();
        deployer.cancelAll(graph.jobId());
        if (ended) {
            allTasksEnded();
        }
    }

    /** Every task of the current attempt has ended: the job restarts or ends. */
    private void allTasksEnded() {
        long backoff;
        int next;
        synchronized (this) {
            if (status != JobStatus.RESTARTING) {
                backoff = -1;
                next = -1;
            } else {
                backoff = restartStrategy.backoffMillis(System.currentTimeMillis());
                next = attempt + 1;
            }
        }
        if (backoff < 0) {
            complete();
            return;
        }
        LOG.info("Job {} ({}) restarts in {} ms", graph.name(), graph.jobId(), backoff);
        long deployAt = System.currentTimeMillis() + backoff;
        // Resources first, at once: new TaskManagers start during the backoff, not after it.
        checkpointing.schedule(() -> restart(next, deployAt), 0);
    }

    /**
     * Gets the job's resources back (slots, replacing those of lost TaskManagers), then deploys it
     * again as attempt {@code next}, not before {@code deployAt}; on the job's timer thread.
     */
    private void restart(int next, long deployAt) {
        synchronized (this) {
            if (status != JobStatus.RESTARTING || attempt != next - 1) {
                return; // cancelled meanwhile
            }
        }
        try {
            deployer.prepareRestart(graph.jobId());
        } catch (Exception e) {
            LOG.warn("Job {} ({}) could not get its resources back: {}", graph.name(), graph.jobId(), e.toString());
            synchronized (this) {
                if (status != JobStatus.RESTARTING) {
                    return;
                }
                failureCause = e;
                status = JobStatus.FAILING;
            }
            complete();
            return;
        }
        long wait = deployAt - System.currentTimeMillis();
        if (wait > 0) {
            checkpointing.schedule(() -> deployAttempt(next), wait);
        } else {
            deployAttempt(next);
        }
    }

    /** Deploys every task as attempt {@code next}, restored from the latest checkpoint; timer thread. */
    private void deployAttempt(int next) {
        synchronized (this) {
            if (status != JobStatus.RESTARTING || attempt != next - 1) {
                return; // cancelled meanwhile
            }
        }
        CompletedCheckpoint restore = checkpointing.latestCompleted();
        synchronized (this) {
            if (status != JobStatus.RESTARTING) {
                return;
            }
            attempt = next;
            for (ExecutionState[] states : taskStates.values()) {
                java.util.Arrays.fill(states, ExecutionState.CREATED);
            }
            terminalTasks = 0;
            startedTasks = 0;
            counters.clear();
            status = JobStatus.RUNNING;
        }
        LOG.info(
                "Job {} ({}) attempt {} deploying {} tasks, {}",
                graph.name(),
                graph.jobId(),
                next,
                descriptors.size(),
                restore == null ? "from scratch" : "from checkpoint " + restore.checkpointId());
        deployAll(next, restore);
    }

    private void complete() {
        deployer.jobEnded(graph.jobId());
        Runnable completion;
        JobStatus terminal;
        synchronized (this) {
            if (status.isTerminal()) {
                return;
            }
            endMillis = System.currentTimeMillis();
            Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
            if (status == JobStatus.FAILING) {
                status = JobStatus.FAILED;
                LOG.info("Job {} ({}) failed after {} ms", graph.name(), graph.jobId(), runtime.toMillis());
                Throwable cause = failureCause;
                JobExecutionException failure =
                        new JobExecutionException(graph.jobId(), "Job '" + graph.name() + "' failed: " + cause, cause);
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
            terminal = status;
        }
        checkpointing.shutdown(terminal);
        // Outside the lock: the result's dependents take other locks (the dispatcher's, whose
        // listJobs() holds it while it asks this job for details).
        completion.run();
    }

    /** Asks the job to cancel; returns at once. */
    public void cancel() {
        boolean stop;
        boolean cancelledBeforeRunning;
        boolean endNow = false;
        synchronized (this) {
            cancelledBeforeRunning = status == JobStatus.CREATED;
            if (cancelledBeforeRunning) {
                status = JobStatus.CANCELED;
                endMillis = System.currentTimeMillis();
            }
            stop = status == JobStatus.RUNNING || status == JobStatus.RESTARTING;
            if (stop) {
                // A restarting job whose tasks have all ended waits only for its backoff: it ends now.
                endNow = status == JobStatus.RESTARTING && terminalTasks == tasksTotal;
                status = JobStatus.CANCELLING;
            }
        }
        if (cancelledBeforeRunning) {
            // Outside the lock, as in complete(). A job waiting for slots withdraws its request.
            deployer.jobEnded(graph.jobId());
            checkpointing.shutdown(JobStatus.CANCELED);
            result.completeExceptionally(new JobCancellationException(graph.jobId()));
        }
        if (stop) {
            checkpointing.stopCheckpoints();
            deployer.cancelAll(graph.jobId());
        }
        if (endNow) {
            complete();
        }
    }

    /**
     * Takes a savepoint of this job, or stops it with one; see {@link
     * DispatcherGateway#triggerSavepoint}. For a stop, the result completes once the job has ended
     * FINISHED.
     */
    public CompletableFuture<String> triggerSavepoint(String targetDirectory, SavepointType type) {
        synchronized (this) {
            if (status.isTerminal()) {
                return CompletableFuture.failedFuture(new SavepointException("job " + graph.jobId()
                        + " has already ended (" + status + "); savepoints are taken of running jobs"));
            }
            if (status != JobStatus.RUNNING) {
                return CompletableFuture.failedFuture(new SavepointException(
                        "job " + graph.jobId() + " is " + status + ", not RUNNING; try again when it runs"));
            }
        }
        if (graph.runtimeMode() != dev.spindle.core.RuntimeExecutionMode.STREAMING) {
            return CompletableFuture.failedFuture(
                    new SavepointException("job " + graph.jobId() + " runs in BATCH mode, which takes no savepoints"));
        }
        CompletableFuture<String> savepoint = checkpointing.triggerSavepoint(targetDirectory, type);
        if (!type.stops()) {
            return savepoint;
        }
        return savepoint.thenCompose(path -> result.handle((r, failure) -> {
            JobStatus end = status();
            if (end != JobStatus.FINISHED) {
                throw new java.util.concurrent.CompletionException(new SavepointException("the savepoint " + path
                        + " was taken, but the job then ended " + end + " instead of FINISHED"));
            }
            return path;
        }));
    }

    public synchronized JobStatus status() {
        return status;
    }

    public CompletableFuture<JobExecutionResult> result() {
        return result;
    }

    /** How often the job has restarted. */
    public synchronized int numRestarts() {
        return attempt;
    }

    /** The job's failures so far, newest first: an immutable snapshot. */
    public synchronized ExceptionHistory exceptionHistory() {
        return exceptionHistory;
    }

    /** The checkpoints of the job so far; null for a job that takes none. */
    public dev.spindle.checkpoint.CheckpointStats checkpointStats() {
        return checkpointing.stats();
    }

    /** How the job takes checkpoints; null for a job that takes none. */
    public dev.spindle.checkpoint.CheckpointConfig checkpointConfig() {
        return checkpointing.config();
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
                attempt);
    }

    /** The result as clients see it; not terminal while the job runs. */
    public synchronized JobResultInfo resultInfo() {
        long runtime = endMillis < 0 ? 0 : endMillis - startMillis;
        String failure = failureCause == null || status != JobStatus.FAILED
                ? null
                : dev.spindle.util.Exceptions.stackTraceOf(failureCause);
        return new JobResultInfo(
                graph.jobId(), status, runtime, status == JobStatus.FINISHED ? counters : Map.of(), failure);
    }

    /** Task reports and checkpoint messages of the current attempt's tasks. */
    private final class Listener implements TaskListener {
        @Override
        public void stateChanged(TaskExecutionState state) {
            onTaskState(state);
        }

        @Override
        public void acknowledge(TaskDescriptor task, long checkpointId, TaskSnapshot snapshot) {
            if (task.attempt() == currentAttempt()) {
                checkpointing.acknowledge(checkpointId, snapshot);
            }
        }

        @Override
        public void decline(TaskDescriptor task, long checkpointId, Throwable reason) {
            if (task.attempt() == currentAttempt()) {
                checkpointing.decline(checkpointId, task.taskName() + ": " + reason);
            }
        }

        @Override
        public void inputEnded(TaskDescriptor task) {
            if (task.attempt() == currentAttempt()) {
                checkpointing.inputEnded(task.vertexId(), task.subtaskIndex());
            }
        }
    }

    /** What the checkpoint coordinator asks of this job. */
    private final class CheckpointActions implements dev.spindle.checkpoint.CheckpointCoordinator.JobActions {
        @Override
        public boolean allTasksRunning() {
            synchronized (JobMaster.this) {
                return status == JobStatus.RUNNING && startedTasks == tasksTotal;
            }
        }

        @Override
        public void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options) {
            deployer.triggerCheckpoint(graph.jobId(), currentAttempt(), checkpointId, timestamp, options);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            deployer.notifyCheckpointComplete(graph.jobId(), currentAttempt(), checkpointId);
        }

        @Override
        public void failJob(Throwable cause) {
            failGlobally(cause);
        }
    }
}
