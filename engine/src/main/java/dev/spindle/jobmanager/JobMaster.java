package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.jobmanager.restart.RestartStrategy;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.runtime.task.TaskListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Its parts: {@link JobDeployment} prepares and deploys the tasks, {@link AttemptTasks} tracks
 * the states of the current attempt's tasks, {@link JobRestarts} decides on and runs restarts,
 * {@link JobTaskListener} and {@link JobCheckpointActions} connect the tasks and the checkpoint
 * coordinator to this job; the job's state stays here.
 *
 * <p>Threading: state changes happen under this object's lock; task reports arrive on any thread.
 * Restarts and checkpoint work run on the job's {@link JobCheckpointing} timer thread. The result
 * future completes on the thread of the last task report.
 */
public final class JobMaster {
    private static final Logger LOG = LoggerFactory.getLogger(JobMaster.class);

    private final JobGraph graph;
    private final TaskDeployer deployer;
    private final JobDeployment deployment;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final AttemptTasks tasks;
    private final JobCheckpointing checkpointing;
    private final JobRestarts restarts;
    private final TaskListener listener;
    /** The job's failures, newest first; replaced (it is immutable) under the lock. */
    private ExceptionHistory exceptionHistory;

    private List<TaskDescriptor> descriptors = List.of();
    private JobStatus status = JobStatus.CREATED;
    private Throwable failureCause;
    private long startNanos;
    private long startMillis;
    private long endMillis = -1;
    /** The job's attempt: 0 at first, one more with every restart. */
    private int attempt;
    /** A task of the current attempt that ended CANCELED while the job ran (not asked by the job); null if none. */
    private TaskExecutionState unaskedCancel;
    /** Set by {@link #suspend}: the job stops here but is not over. */
    private volatile boolean suspended;

    public JobMaster(JobGraph graph, ClassLoader userClassLoader, TaskDeployer deployer) {
        this(graph, userClassLoader, List.of(), deployer);
    }

    /** A job master for a job whose user code is in {@code userJars}. */
    public JobMaster(
            JobGraph graph, ClassLoader userClassLoader, List<java.nio.file.Path> userJars, TaskDeployer deployer) {
        this(
                graph,
                userClassLoader,
                userJars,
                deployer,
                new dev.spindle.ha.InMemoryCheckpointPointerStore(),
                new dev.spindle.ha.InMemoryCheckpointIdCounter());
    }

    /**
     * As above, announcing completed checkpoints in {@code pointers} and taking checkpoint ids from
     * {@code checkpointIds} (high availability: both in ZooKeeper).
     */
    public JobMaster(
            JobGraph graph,
            ClassLoader userClassLoader,
            List<java.nio.file.Path> userJars,
            TaskDeployer deployer,
            dev.spindle.ha.CheckpointPointerStore pointers,
            dev.spindle.ha.CheckpointIdCounter checkpointIds) {
        this.graph = graph;
        this.deployer = deployer;
        this.deployment = new JobDeployment(graph, userClassLoader, userJars, deployer);
        this.tasks = new AttemptTasks(graph);
        this.checkpointing = new JobCheckpointing(
                graph, new JobCheckpointActions(this, graph.jobId(), deployer), pointers, checkpointIds);
        this.restarts = new JobRestarts(this, graph, checkpointing, deployer);
        this.listener = new JobTaskListener(this, checkpointing);
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
        List<TaskDescriptor> all;
        try {
            all = deployment.prepareTasks();
            checkpointing.initialize();
            deployment.prepareDeployer();
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
        // Once the job is failing, restarting again or cancelled, the rest is never started.
        deployment.deploy(
                descriptors,
                attemptNumber,
                restore,
                listener,
                () -> status() == JobStatus.RUNNING && currentAttempt() == attemptNumber);
    }

    /** The job's current attempt: 0 at first, one more with every restart. */
    synchronized int currentAttempt() {
        return attempt;
    }

    /** Whether the job runs and every task of its current attempt has started. */
    synchronized boolean allTasksRunning() {
        return status == JobStatus.RUNNING && tasks.allStarted();
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
        checkpointing.shutdown(JobStatus.FAILED, suspended);
        // Outside the lock, as in complete().
        result.completeExceptionally(new JobExecutionException(
                graph.jobId(), "Job '" + graph.name() + "' could not start: " + e.getMessage(), e));
    }

    /** A task's state change; called by deployers, on any thread. */
    public void onTaskState(TaskExecutionState s) {
        boolean stopAll = false;
        boolean ended;
        synchronized (this) {
            if (s.attempt() != attempt) {
                return; // of an earlier attempt: late
            }
            // While the job is cancelled or restarted, a task can fail only as a consequence: a peer
            // on another TaskManager was cancelled first and released the partition it read.
            boolean consequence = status == JobStatus.CANCELLING || status == JobStatus.RESTARTING;
            ExecutionState state = tasks.record(s, consequence);
            if (state == null || !state.isTerminal()) {
                return; // unknown, or not an end: a task reports one terminal state
            }
            if (state == ExecutionState.FAILED && status == JobStatus.RUNNING) {
                JobVertex v = graph.vertex(s.vertexId());
                String task = v.name() + " (" + (s.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
                stopAll = onFailure(
                        s.failure(), task, deployer.locationOf(graph.jobId(), s.vertexId(), s.subtaskIndex()));
            }
            if (state == ExecutionState.CANCELED && status == JobStatus.RUNNING) {
                unaskedCancel = s;
            }
            ended = tasks.allEnded();
            if (ended && status == JobStatus.RUNNING && unaskedCancel != null) {
                // Every task ended, one cancelled although the job did not cancel it: its TaskManager
                // stopped it (it stopped, or follows another JobManager). The job did not finish.
                TaskExecutionState c = unaskedCancel;
                JobVertex v = graph.vertex(c.vertexId());
                String task = v.name() + " (" + (c.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
                ExceptionHistory.Location location = deployer.locationOf(graph.jobId(), c.vertexId(), c.subtaskIndex());
                onFailure(
                        new IllegalStateException("task " + task + " was cancelled by its TaskManager"
                                + (location == null ? "" : " " + location.taskManagerId())
                                + " without the job asking: the TaskManager stopped, or follows another JobManager"),
                        task,
                        location);
            }
        }
        if (stopAll) {
            checkpointing.stopCheckpoints();
            deployer.cancelAll(graph.jobId());
        }
        if (ended) {
            restarts.allTasksEnded();
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
        status = restarts.restartsAfter(cause, taskName, now) ? JobStatus.RESTARTING : JobStatus.FAILING;
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
            ended = tasks.allEnded();
        }
        checkpointing.stopCheckpoints();
        deployer.cancelAll(graph.jobId());
        if (ended) {
            restarts.allTasksEnded();
        }
    }

    // ---- restarts (see JobRestarts) ----

    /** The next attempt when the job is RESTARTING, else -1. */
    synchronized int nextAttemptIfRestarting() {
        return status == JobStatus.RESTARTING ? attempt + 1 : -1;
    }

    /** Whether the job is still RESTARTING towards attempt {@code next} (not cancelled meanwhile). */
    synchronized boolean restartsAs(int next) {
        return status == JobStatus.RESTARTING && attempt == next - 1;
    }

    /** The job could not get its resources back: it fails, unless it is no longer RESTARTING (false). */
    synchronized boolean restartFailed(Exception cause) {
        if (status != JobStatus.RESTARTING) {
            return false;
        }
        failureCause = cause;
        status = JobStatus.FAILING;
        return true;
    }

    /** Attempt {@code next} begins: the job RUNS again, with every task CREATED; false if no longer RESTARTING. */
    synchronized boolean beginAttempt(int next) {
        if (status != JobStatus.RESTARTING) {
            return false;
        }
        attempt = next;
        unaskedCancel = null;
        tasks.reset();
        status = JobStatus.RUNNING;
        return true;
    }

    /** Deploys every task as attempt {@code next}, restored from {@code restore} (or from scratch). */
    void deployRestarted(int next, CompletedCheckpoint restore) {
        LOG.info(
                "Job {} ({}) attempt {} deploying {} tasks, {}",
                graph.name(),
                graph.jobId(),
                next,
                descriptors.size(),
                restore == null ? "from scratch" : "from checkpoint " + restore.checkpointId());
        deployAll(next, restore);
    }

    /** The job ends in its terminal state (unless it has already); completes its result. */
    void complete() {
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
                JobExecutionResult finished =
                        new JobExecutionResult(graph.jobId(), graph.name(), runtime, tasks.counters());
                completion = () -> result.complete(finished);
            }
            terminal = status;
        }
        checkpointing.shutdown(terminal, suspended);
        // Outside the lock: the result's dependents take other locks (the dispatcher's, whose
        // listJobs() holds it while it asks this job for details).
        completion.run();
    }

    /**
     * Stops the job without ending it for good: its tasks are cancelled, its checkpoints and their
     * pointers kept for the next leader, which resumes it (high availability). Returns at once.
     */
    public void suspend() {
        suspended = true;
        cancel();
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
                endNow = status == JobStatus.RESTARTING && tasks.allEnded();
                status = JobStatus.CANCELLING;
            }
        }
        if (cancelledBeforeRunning) {
            // Outside the lock, as in complete(). A job waiting for slots withdraws its request.
            deployer.jobEnded(graph.jobId());
            checkpointing.shutdown(JobStatus.CANCELED, suspended);
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
        // Only a job that has not started its tasks waits for resources.
        String pendingResources = status == JobStatus.CREATED ? deployer.pendingResources(graph.jobId()) : null;
        return new JobDetails(
                graph.jobId(),
                graph.name(),
                status,
                startMillis,
                endMillis,
                tasks.allRunningMillis(),
                tasks.vertexDetails(),
                pendingResources,
                attempt);
    }

    /** The job's plan with the records its ended tasks counted, for the REST endpoint and the dashboard. */
    public synchronized JobPlan plan() {
        Map<Integer, Boolean> ended = new HashMap<>();
        for (JobDetails.VertexDetails v : tasks.vertexDetails()) {
            ended.put(
                    v.id(),
                    v.tasksPerState().keySet().stream()
                            .allMatch(s -> ExecutionState.valueOf(s).isTerminal()));
        }
        return JobPlan.of(graph, tasks.counters(), ended);
    }

    /** The result as clients see it; not terminal while the job runs. */
    public synchronized JobResultInfo resultInfo() {
        long runtime = endMillis < 0 ? 0 : endMillis - startMillis;
        String failure = failureCause == null || status != JobStatus.FAILED
                ? null
                : dev.spindle.util.Exceptions.stackTraceOf(failureCause);
        return new JobResultInfo(
                graph.jobId(), status, runtime, status == JobStatus.FINISHED ? tasks.counters() : Map.of(), failure);
    }
}
