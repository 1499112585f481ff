package dev.spindle.cluster;

import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.cluster.gateway.CheckpointAck;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.RemoteFailure;
import dev.spindle.cluster.gateway.TaskCheckpointEvent;
import dev.spindle.cluster.gateway.TaskDeployment;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.cluster.gateway.TaskStateUpdate;
import dev.spindle.cluster.resourcemanager.ResourceManager;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.jobmanager.ExceptionHistory;
import dev.spindle.jobmanager.TaskDeployer;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.runtime.task.TaskListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a job's tasks into TaskManager slots, and is the JobManager's endpoint for
 * TaskManagers ({@link JobManagerGateway}). A job of parallelism p gets p slots; subtask i of
 * every vertex runs in the job's slot i (slot sharing), so that a slot holds one parallel
 * pipeline. Task states from TaskManagers go to the job's master; a lost TaskManager fails the
 * job's tasks that ran there with a failure that names it.
 */
public final class ClusterTaskDeployer implements TaskDeployer, JobManagerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTaskDeployer.class);
    /** The class name lost TaskManagers are reported with. */
    public static final String TASK_MANAGER_LOST = "dev.spindle.cluster.TaskManagerLostException";

    private final long slotTimeoutMillis;
    private final Map<JobId, JobPlacement> jobs = new ConcurrentHashMap<>();
    private volatile ResourceManager resourceManager;

    /** Where a job's tasks run. */
    private static final class JobPlacement {
        final JobGraph graph;
        volatile List<ResourceManager.Slot> slots;
        final List<String> jars;
        final Map<Integer, Map<Integer, String>> taskManagerOfTask = new ConcurrentHashMap<>();
        /** The deployed descriptor of each task of the current attempt, by vertex and subtask. */
        final Map<Integer, Map<Integer, TaskDescriptor>> deployed = new ConcurrentHashMap<>();

        final Set<String> taskManagers = ConcurrentHashMap.newKeySet();
        volatile TaskListener listener;
        /** The attempt being deployed: 0, one more with each restart. */
        volatile int attempt;

        JobPlacement(JobGraph graph, List<ResourceManager.Slot> slots, List<String> jars) {
            this.graph = graph;
            this.slots = slots;
            this.jars = jars;
        }
    }

    public ClusterTaskDeployer(Configuration config) {
        this.slotTimeoutMillis = config.get(ClusterOptions.SLOT_REQUEST_TIMEOUT).toMillis();
    }

    /** Connects the resource manager; called once, before jobs arrive. */
    /** The fencing token of the JobManager leadership: every call to a TaskManager carries it. */
    private String token() {
        return resourceManager.fencingToken();
    }

    public void setResourceManager(ResourceManager resourceManager) {
        this.resourceManager = Objects.requireNonNull(resourceManager, "resourceManager");
    }

    @Override
    public void prepareJob(JobGraph graph, ClassLoader userClassLoader, List<Path> userJars) throws Exception {
        List<ResourceManager.Slot> slots = allocate(graph);
        List<String> jars =
                userJars.stream().map(p -> p.toAbsolutePath().toString()).toList();
        jobs.put(graph.jobId(), new JobPlacement(graph, slots, jars));
    }

    private List<ResourceManager.Slot> allocate(JobGraph graph) throws Exception {
        int slotsNeeded =
                graph.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(1);
        LOG.info("Job {} needs {} slots", graph.jobId(), slotsNeeded);
        try {
            return resourceManager
                    .allocate(graph.jobId(), slotsNeeded, slotTimeoutMillis)
                    .get(slotTimeoutMillis + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /**
     * Gives the job's slots back and allocates again: slots of TaskManagers that are gone are
     * replaced by free ones, or by new workers the resource manager starts.
     */
    @Override
    public void prepareRestart(JobId jobId) throws Exception {
        JobPlacement job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("job " + jobId + " was not prepared");
        }
        resourceManager.release(jobId);
        job.slots = allocate(job.graph);
        job.taskManagerOfTask.clear();
        job.deployed.clear();
        job.taskManagers.clear();
        job.attempt++;
    }

    @Override
    public void triggerCheckpoint(
            JobId jobId, int attempt, long checkpointId, long timestamp, CheckpointOptions options) {
        JobPlacement job = jobs.get(jobId);
        if (job != null) {
            forEachTaskManager(
                    job, g -> g.triggerCheckpoint(token(), jobId, attempt, checkpointId, timestamp, options));
        }
    }

    @Override
    public void notifyCheckpointComplete(JobId jobId, int attempt, long checkpointId) {
        JobPlacement job = jobs.get(jobId);
        if (job != null) {
            forEachTaskManager(job, g -> g.notifyCheckpointComplete(token(), jobId, attempt, checkpointId));
        }
    }

    @Override
    public void deploy(TaskDescriptor d, TaskListener listener) {
        JobPlacement job = jobs.get(d.jobId());
        if (job == null) {
            throw new IllegalStateException("job " + d.jobId() + " was not prepared");
        }
        job.listener = listener;
        ResourceManager.Slot slot = job.slots.get(d.subtaskIndex());
        List<TaskDeployment.ProducerLocation> producers = new ArrayList<>();
        for (TaskDescriptor.InputSpec in : d.inputs()) {
            for (int p = 0; p < in.producerParallelism(); p++) {
                ResourceManager.Slot at = job.slots.get(p);
                producers.add(new TaskDeployment.ProducerLocation(
                        in.edgeId(), p, at.resourceId(), at.dataHost(), at.dataPort()));
            }
        }
        job.taskManagerOfTask
                .computeIfAbsent(d.vertexId(), v -> new ConcurrentHashMap<>())
                .put(d.subtaskIndex(), slot.resourceId());
        job.deployed
                .computeIfAbsent(d.vertexId(), v -> new ConcurrentHashMap<>())
                .put(d.subtaskIndex(), d);
        job.taskManagers.add(slot.resourceId());
        slot.gateway()
                .submitTask(token(), new TaskDeployment(d, slot.index(), producers, job.jars))
                .whenComplete((ok, err) -> {
                    if (err != null) {
                        listener.stateChanged(new TaskExecutionState(
                                d.jobId(),
                                d.vertexId(),
                                d.subtaskIndex(),
                                ExecutionState.FAILED,
                                new IllegalStateException(
                                        "could not deploy " + d.taskName() + " to " + slot.resourceId() + ": " + err,
                                        err),
                                Map.of(),
                                d.attempt()));
                    }
                });
    }

    @Override
    public void cancelAll(JobId jobId) {
        JobPlacement job = jobs.get(jobId);
        if (job != null) {
            int attempt = job.attempt;
            forEachTaskManager(job, g -> g.cancelJob(token(), jobId, attempt));
        }
    }

    @Override
    public void jobEnded(JobId jobId) {
        JobPlacement job = jobs.remove(jobId);
        if (job != null) {
            forEachTaskManager(job, g -> g.releaseJob(token(), jobId));
        }
        ResourceManager rm = resourceManager;
        if (rm != null) {
            rm.release(jobId);
        }
    }

    @Override
    public String pendingResources(JobId jobId) {
        ResourceManager rm = resourceManager;
        return rm == null ? null : rm.pendingResources(jobId);
    }

    @Override
    public ExceptionHistory.Location locationOf(JobId jobId, int vertexId, int subtaskIndex) {
        JobPlacement job = jobs.get(jobId);
        String resourceId = job == null
                ? null
                : job.taskManagerOfTask.getOrDefault(vertexId, Map.of()).get(subtaskIndex);
        if (resourceId == null) {
            return null; // not deployed yet, or the job has let its TaskManagers go
        }
        for (ResourceManager.Slot s : job.slots) {
            if (s.resourceId().equals(resourceId)) {
                return new ExceptionHistory.Location(resourceId, s.dataHost() + ":" + s.dataPort());
            }
        }
        return new ExceptionHistory.Location(resourceId, resourceId);
    }

    private static void forEachTaskManager(JobPlacement job, java.util.function.Consumer<TaskExecutorGateway> action) {
        Set<String> done = new java.util.HashSet<>();
        for (ResourceManager.Slot s : job.slots) {
            if (done.add(s.resourceId())) {
                try {
                    action.accept(s.gateway());
                } catch (RuntimeException e) {
                    LOG.warn("Could not reach TaskManager {}: {}", s.resourceId(), e.toString());
                }
            }
        }
    }

    /** Fails every task of every job that ran on the lost TaskManager. */
    public void onTaskManagerLost(String resourceId, String reason) {
        for (JobPlacement job : jobs.values()) {
            TaskListener listener = job.listener;
            if (listener == null || !job.taskManagers.contains(resourceId)) {
                continue;
            }
            job.taskManagerOfTask.forEach((vertex, subtasks) -> subtasks.forEach((subtask, tm) -> {
                if (tm.equals(resourceId)) {
                    listener.stateChanged(new TaskExecutionState(
                            job.graph.jobId(),
                            vertex,
                            subtask,
                            ExecutionState.FAILED,
                            new RemoteFailure(TASK_MANAGER_LOST, reason, null),
                            Map.of(),
                            job.attempt));
                }
            }));
        }
    }

    // ---- JobManagerGateway: what TaskManagers say ----

    @Override
    public CompletableFuture<RegistrationResponse> registerTaskManager(TaskManagerRegistration registration) {
        return resourceManager.register(registration);
    }

    @Override
    public CompletableFuture<Void> heartbeatFromTaskManager(String resourceId, int freeSlots) {
        return resourceManager.heartbeatFrom(resourceId);
    }

    @Override
    public CompletableFuture<Void> updateTaskState(TaskStateUpdate u) {
        JobPlacement job = jobs.get(u.jobId());
        TaskListener listener = job == null ? null : job.listener;
        if (listener != null) {
            Throwable failure = u.state() == ExecutionState.FAILED
                    ? new RemoteFailure(u.failureClass(), u.failureMessage(), u.failureTrace())
                    : null;
            listener.stateChanged(new TaskExecutionState(
                    u.jobId(), u.vertexId(), u.subtaskIndex(), u.state(), failure, u.counters(), u.attempt()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> acknowledgeCheckpoint(CheckpointAck ack) {
        TaskDescriptor d = deployed(
                ack.jobId(),
                ack.attempt(),
                ack.snapshot().vertexId(),
                ack.snapshot().subtaskIndex());
        if (d != null) {
            jobs.get(ack.jobId()).listener.acknowledge(d, ack.checkpointId(), ack.snapshot());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> taskCheckpointEvent(TaskCheckpointEvent e) {
        TaskDescriptor d = deployed(e.jobId(), e.attempt(), e.vertexId(), e.subtaskIndex());
        if (d != null) {
            TaskListener listener = jobs.get(e.jobId()).listener;
            if (e.isDecline()) {
                listener.decline(d, e.checkpointId(), new RemoteFailure("checkpoint declined", e.reason(), null));
            } else {
                listener.inputEnded(d);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The task's descriptor, if it is of the job's current attempt; else null. */
    private TaskDescriptor deployed(JobId jobId, int attempt, int vertexId, int subtaskIndex) {
        JobPlacement job = jobs.get(jobId);
        if (job == null || job.attempt != attempt || job.listener == null) {
            return null;
        }
        Map<Integer, TaskDescriptor> subtasks = job.deployed.get(vertexId);
        return subtasks == null ? null : subtasks.get(subtaskIndex);
    }
}
