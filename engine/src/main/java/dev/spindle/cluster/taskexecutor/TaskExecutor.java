package dev.spindle.cluster.taskexecutor;

import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.cluster.gateway.FencingTokenException;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RemoteFailure;
import dev.spindle.cluster.gateway.TaskDeployment;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskStateUpdate;
import dev.spindle.core.JobId;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.network.PartitionId;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.network.netty.PartitionLocator;
import dev.spindle.ops.LogDirectory;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.ThreadDumpEntry;
import dev.spindle.ops.ThreadDumps;
import dev.spindle.runtime.task.Task;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager's core: runs the tasks the JobManager deploys in its slots, each on its own
 * thread, with exchanges through the given {@link ShuffleEnvironment}, and reports their states.
 * Knows nothing of the transport: the JobManager is a {@link JobManagerGateway}, and this class
 * is the {@link TaskExecutorGateway} that an RPC server exports (or a test calls directly).
 *
 * <p>Threading: gateway methods may be called from any thread; state is in concurrent maps.
 */
public final class TaskExecutor implements TaskExecutorGateway {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

    private final String resourceId;
    private final int slots;
    private final ClassLoader parentClassLoader;
    private final MetricRegistry metricRegistry;
    private final TaskManagerMetricGroup metricGroup;
    private final LogDirectory logs;
    private final Map<PartitionId, PartitionLocator.RemoteProducer> producerAddresses = new ConcurrentHashMap<>();
    private final Map<JobId, JobOnThisTaskManager> jobs = new ConcurrentHashMap<>();
    private volatile ShuffleEnvironment shuffle;
    private volatile JobManagerGateway jobManager;
    /** The fencing token of the JobManager leadership served; null while none is. */
    private volatile String fencingToken;

    private final Object tokenLock = new Object();
    /** How long a call waits for the token while none is served (see {@link #servingToken}). */
    private static final long TOKEN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile long lastJobManagerHeartbeat = System.currentTimeMillis();

    /** What this TaskManager holds of one job. */
    private static final class JobOnThisTaskManager {
        final List<Task> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<PartitionId> partitions = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Set<Integer> usedSlots = ConcurrentHashMap.newKeySet();
        volatile ClassLoader classLoader;
        /**
         * The newest attempt cancelJob cancelled, under this object's lock: a task of that attempt
         * or an earlier one deployed afterwards must not start; -1 when none was cancelled.
         */
        int cancelledAttempt = -1;
    }

    /** A TaskExecutor whose metrics are registered nowhere. */
    public TaskExecutor(String resourceId, int slots, ClassLoader parentClassLoader) {
        this(resourceId, slots, parentClassLoader, MetricRegistry.disabled(), "localhost", LogDirectory.NONE);
    }

    /**
     * A TaskExecutor whose TaskManager and task metrics go into {@code metricRegistry} (which its
     * owner closes), with {@code host} as the scopes' {@code <host>}.
     *
     * @param metricRegistry the process's metrics, which {@link #requestMetrics} hands out
     * @param logs the process's log files, which {@link #requestLogList} and {@link #requestLogFile} serve
     */
    public TaskExecutor(
            String resourceId,
            int slots,
            ClassLoader parentClassLoader,
            MetricRegistry metricRegistry,
            String host,
            LogDirectory logs) {
        this.resourceId = resourceId;
        this.slots = slots;
        this.parentClassLoader = parentClassLoader;
        this.metricRegistry = java.util.Objects.requireNonNull(metricRegistry, "metricRegistry");
        this.metricGroup = new TaskManagerMetricGroup(metricRegistry, host, resourceId);
        this.logs = java.util.Objects.requireNonNull(logs, "logs");
    }

    /** The TaskManager's metrics, for the REST endpoint (asked over RPC) and tests. */
    public MetricDumpSource metricDumps() {
        return metricRegistry;
    }

    /** The TaskManager's metric group (its own metrics, and its jobs' and tasks' groups below it). */
    public TaskManagerMetricGroup metricGroup() {
        return metricGroup;
    }

    /**
     * Serves the JobManager leadership with {@code fencingToken} from now on: its calls are accepted,
     * any other token's refused. Called before tasks arrive, and again after {@link
     * #disconnectJobManager} when a new leader takes over.
     */
    public void connect(ShuffleEnvironment shuffle, JobManagerGateway jobManager, String fencingToken) {
        synchronized (tokenLock) {
            this.shuffle = shuffle;
            this.jobManager = jobManager;
            this.lastJobManagerHeartbeat = System.currentTimeMillis();
            this.fencingToken = fencingToken;
            tokenLock.notifyAll();
        }
    }

    /**
     * Stops serving the current JobManager: its calls are refused from now on, every task is
     * cancelled and every job forgotten, so that the next leader can deploy the jobs it recovers
     * afresh (from their checkpoints) into free slots.
     */
    public void disconnectJobManager() {
        fencingToken = null;
        for (JobId id : new ArrayList<>(jobs.keySet())) {
            JobOnThisTaskManager job = jobs.get(id);
            if (job != null) {
                cancel(id, job, Integer.MAX_VALUE);
                forget(id);
            }
        }
    }

    /** The failed future for a call with a token other than the served leadership's; null when it is that one. */
    private <T> CompletableFuture<T> refuseUnlessServing(String token, String call) {
        String serving = servingToken();
        if (serving != null && serving.equals(token)) {
            return null;
        }
        return CompletableFuture.failedFuture(new FencingTokenException("TaskManager " + resourceId + " refuses "
                + call + " from a JobManager leadership it does not serve (token " + token + "; "
                + (serving == null ? "it serves none at the moment" : "it serves " + serving) + ")"));
    }

    /**
     * The token served now. While none is (registering, or between two leaders) it waits a little
     * for one: the JobManager may deploy into a slot as soon as it has accepted the registration,
     * before its answer, which carries the token, has arrived here.
     */
    private String servingToken() {
        String serving = fencingToken;
        if (serving != null) {
            return serving;
        }
        long deadline = System.nanoTime() + TOKEN_WAIT_NANOS;
        synchronized (tokenLock) {
            long left;
            while (fencingToken == null && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(tokenLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return fencingToken;
        }
    }

    public String resourceId() {
        return resourceId;
    }

    /** Where a producer runs, or null when it runs here: the data plane's partition locator. */
    public PartitionLocator.RemoteProducer locate(PartitionId id) {
        return producerAddresses.get(id);
    }

    @Override
    public CompletableFuture<Void> submitTask(String token, TaskDeployment deployment) {
        CompletableFuture<Void> refused = refuseUnlessServing(token, "a task deployment");
        if (refused != null) {
            return refused;
        }
        TaskDescriptor d = deployment.descriptor();
        // The task reports to the JobManager that deployed it, also if another one leads by then.
        JobManagerGateway deployedBy = jobManager;
        if (deployment.slot() < 0 || deployment.slot() >= slots) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "slot " + deployment.slot() + " does not exist on " + resourceId + " (" + slots + " slots)"));
        }
        for (TaskDeployment.ProducerLocation p : deployment.producers()) {
            PartitionId id = new PartitionId(d.jobId(), p.edgeId(), p.producerSubtask(), d.attempt());
            if (!resourceId.equals(p.resourceId())) {
                // Named by its TaskManager, so that a lost connection says which TaskManager is gone.
                producerAddresses.put(
                        id,
                        new PartitionLocator.RemoteProducer(
                                new InetSocketAddress(p.host(), p.port()), "TaskManager " + p.resourceId()));
            }
        }
        JobOnThisTaskManager job = jobs.computeIfAbsent(d.jobId(), id -> new JobOnThisTaskManager());
        try {
            synchronized (job) {
                if (job.classLoader == null) {
                    job.classLoader = classLoaderFor(deployment.userJars());
                }
            }
        } catch (MalformedURLException e) {
            return CompletableFuture.failedFuture(e);
        }
        TaskMetricGroup taskMetrics = d.addMetricGroup(metricGroup);
        Task task = new Task(
                d,
                shuffle,
                job.classLoader,
                s -> {
                    logEnd(d, s);
                    report(deployedBy, s);
                },
                new CheckpointMessages(deployedBy),
                taskMetrics);
        synchronized (job) {
            if (d.attempt() <= job.cancelledAttempt) {
                taskMetrics.close(); // the task never runs to close it
                // The deployment crossed the job's cancellation (RPCs are not ordered with one
                // another): a task started now would wait forever for consumers that are gone.
                LOG.info(
                        "Task {} (subtask {}) of job {} was cancelled before it started",
                        d.taskName(),
                        d.subtaskIndex(),
                        d.jobId());
                report(
                        deployedBy,
                        new TaskExecutionState(
                                d.jobId(),
                                d.vertexId(),
                                d.subtaskIndex(),
                                dev.spindle.runtime.task.ExecutionState.CANCELED,
                                null,
                                Map.of(),
                                d.attempt()));
                return CompletableFuture.completedFuture(null);
            }
            job.usedSlots.add(deployment.slot());
            for (TaskDescriptor.OutputSpec out : d.outputs()) {
                job.partitions.add(new PartitionId(d.jobId(), out.edgeId(), d.subtaskIndex(), d.attempt()));
            }
            job.tasks.add(task);
        }
        Thread thread = new Thread(task, "Spindle task " + d.taskName());
        thread.start();
        LOG.info(
                "Task {} (subtask {}) of job {} started in slot {}",
                d.taskName(),
                d.subtaskIndex(),
                d.jobId(),
                deployment.slot());
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The TaskManager's log tells each task's story: started (above), then finished, failed (with
     * the cause's message) or cancelled. Called on the task's thread.
     */
    private static void logEnd(TaskDescriptor d, TaskExecutionState s) {
        switch (s.state()) {
            case FINISHED ->
                LOG.info("Task {} (subtask {}) of job {} finished", d.taskName(), d.subtaskIndex(), d.jobId());
            case CANCELED ->
                LOG.info("Task {} (subtask {}) of job {} was cancelled", d.taskName(), d.subtaskIndex(), d.jobId());
            case FAILED ->
                LOG.warn(
                        "Task {} (subtask {}) of job {} failed: {}",
                        d.taskName(),
                        d.subtaskIndex(),
                        d.jobId(),
                        s.failure() == null
                                ? "(no cause)"
                                : s.failure().getClass().getName() + ": "
                                        + s.failure().getMessage());
            default -> {
                // RUNNING and the other intermediate states: the start is logged once, in submitTask.
            }
        }
    }

    private ClassLoader classLoaderFor(List<String> jars) throws MalformedURLException {
        if (jars.isEmpty()) {
            return parentClassLoader;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = Path.of(jars.get(i)).toUri().toURL();
        }
        return new URLClassLoader(urls, parentClassLoader);
    }

    private void report(JobManagerGateway jobManager, TaskExecutionState s) {
        Throwable f = s.failure();
        TaskStateUpdate update = new TaskStateUpdate(
                s.jobId(),
                s.vertexId(),
                s.subtaskIndex(),
                s.state(),
                f == null ? null : failureClass(f),
                f == null ? null : f.getMessage(),
                f == null ? null : RemoteFailure.traceOf(f),
                s.counters(),
                s.attempt());
        jobManager.updateTaskState(update).whenComplete((ok, err) -> {
            if (err != null) {
                LOG.warn(
                        "Could not report {} of task {}/{} of job {}: {}",
                        s.state(),
                        s.vertexId(),
                        s.subtaskIndex(),
                        s.jobId(),
                        err.toString());
            }
        });
    }

    private static String failureClass(Throwable f) {
        return f instanceof RemoteFailure r ? r.originalClass() : f.getClass().getName();
    }

    @Override
    public CompletableFuture<Void> cancelJob(String token, JobId jobId, int attempt) {
        CompletableFuture<Void> refused = refuseUnlessServing(token, "a cancellation");
        if (refused != null) {
            return refused;
        }
        // Also for a job none of whose tasks has arrived yet: their deployments may still be on the way.
        cancel(jobId, jobs.computeIfAbsent(jobId, id -> new JobOnThisTaskManager()), attempt);
        return CompletableFuture.completedFuture(null);
    }

    private void cancel(JobId jobId, JobOnThisTaskManager job, int attempt) {
        List<Task> toCancel;
        List<PartitionId> toRelease;
        synchronized (job) {
            job.cancelledAttempt = Math.max(job.cancelledAttempt, attempt);
            toCancel = job.tasks.stream()
                    .filter(t -> t.descriptor().attempt() <= attempt)
                    .toList();
            job.tasks.removeIf(t -> t.descriptor().attempt() <= attempt && t.isFinished());
            toRelease =
                    job.partitions.stream().filter(p -> p.attempt() <= attempt).toList();
            job.partitions.removeAll(toRelease);
            job.usedSlots.clear();
        }
        for (Task t : toCancel) {
            t.cancel();
        }
        for (PartitionId id : toRelease) {
            shuffle.releasePartition(id);
        }
        producerAddresses.keySet().removeIf(id -> id.jobId().equals(jobId) && id.attempt() <= attempt);
    }

    @Override
    public CompletableFuture<Void> triggerCheckpoint(
            String token, JobId jobId, int attempt, long checkpointId, long timestamp, CheckpointOptions options) {
        CompletableFuture<Void> refused = refuseUnlessServing(token, "a checkpoint trigger");
        if (refused != null) {
            return refused;
        }
        JobOnThisTaskManager job = jobs.get(jobId);
        if (job != null) {
            for (Task t : job.tasks) {
                if (t.descriptor().attempt() == attempt) {
                    t.triggerCheckpoint(checkpointId, timestamp, options);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> notifyCheckpointComplete(String token, JobId jobId, int attempt, long checkpointId) {
        CompletableFuture<Void> refused = refuseUnlessServing(token, "a checkpoint's completion");
        if (refused != null) {
            return refused;
        }
        JobOnThisTaskManager job = jobs.get(jobId);
        if (job != null) {
            for (Task t : job.tasks) {
                if (t.descriptor().attempt() == attempt) {
                    t.notifyCheckpointComplete(checkpointId);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> releaseJob(String token, JobId jobId) {
        CompletableFuture<Void> refused = refuseUnlessServing(token, "a job's release");
        if (refused != null) {
            return refused;
        }
        forget(jobId);
        return CompletableFuture.completedFuture(null);
    }

    private void forget(JobId jobId) {
        JobOnThisTaskManager job = jobs.remove(jobId);
        if (job != null) {
            releasePartitions(job);
            shuffle.forgetJob(jobId);
            producerAddresses.keySet().removeIf(id -> id.jobId().equals(jobId));
            if (job.classLoader instanceof URLClassLoader u && job.classLoader != parentClassLoader) {
                try {
                    u.close();
                } catch (java.io.IOException e) {
                    LOG.debug("closing a job class loader failed", e);
                }
            }
        }
    }

    private void releasePartitions(JobOnThisTaskManager job) {
        for (PartitionId id : job.partitions) {
            shuffle.releasePartition(id);
        }
    }

    @Override
    public CompletableFuture<Integer> heartbeat(String token, long sequence) {
        CompletableFuture<Integer> refused = refuseUnlessServing(token, "a heartbeat");
        if (refused != null) {
            return refused;
        }
        lastJobManagerHeartbeat = System.currentTimeMillis();
        return CompletableFuture.completedFuture(freeSlots());
    }

    /** When the JobManager's last heartbeat arrived (epoch millis). */
    public long lastJobManagerHeartbeat() {
        return lastJobManagerHeartbeat;
    }

    /** Slots not used by a job that still has running tasks here. */
    public int freeSlots() {
        int used = 0;
        for (JobOnThisTaskManager job : jobs.values()) {
            if (job.tasks.stream().anyMatch(t -> !t.isFinished())) {
                used += job.usedSlots.size();
            }
        }
        return Math.max(0, slots - used);
    }

    // The operator's views below are read-only, but fenced like every call: only the leading
    // JobManager, which checked the REST request, may ask.

    @Override
    public CompletableFuture<List<MetricDump>> requestMetrics(String token) {
        return fenced(token, "a metrics request", metricRegistry::dumpMetrics);
    }

    @Override
    public CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String token) {
        return fenced(token, "a thread dump request", ThreadDumps::current);
    }

    @Override
    public CompletableFuture<List<LogFileInfo>> requestLogList(String token) {
        return fenced(token, "a log list request", logs::list);
    }

    @Override
    public CompletableFuture<byte[]> requestLogFile(String token, String name, long offset, int length) {
        return fenced(token, "a log file request", () -> logs.read(name, offset, length));
    }

    /** The answer, on the calling thread; refused for another leadership's token, failed with what it throws. */
    private <T> CompletableFuture<T> fenced(String token, String call, java.util.concurrent.Callable<T> answer) {
        CompletableFuture<T> refused = refuseUnlessServing(token, call);
        if (refused != null) {
            return refused;
        }
        try {
            return CompletableFuture.completedFuture(answer.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Cancels everything; for a TaskManager that lost its JobManager or is shutting down. */
    public void cancelAll() {
        for (JobId id : new ArrayList<>(jobs.keySet())) {
            JobOnThisTaskManager job = jobs.get(id);
            if (job != null) {
                cancel(id, job, Integer.MAX_VALUE);
            }
        }
    }
}
