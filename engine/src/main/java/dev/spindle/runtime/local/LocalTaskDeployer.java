package dev.spindle.runtime.local;

import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.TaskDeployer;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordWriter;
import dev.spindle.runtime.task.Task;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task of a job on its own thread of this JVM, with exchanges through memory. One
 * deployer may run many jobs; each gets its own exchanges and output flusher.
 */
public final class LocalTaskDeployer implements TaskDeployer {
    private final Map<JobId, JobTasks> jobs = new ConcurrentHashMap<>();
    private final TaskManagerMetricGroup metricGroup;

    /** A deployer whose tasks' metrics are registered nowhere. */
    public LocalTaskDeployer() {
        this(TaskManagerMetricGroup.unregistered());
    }

    /** A deployer whose tasks' metrics go below {@code metricGroup}. */
    public LocalTaskDeployer(TaskManagerMetricGroup metricGroup) {
        this.metricGroup = metricGroup;
    }

    /** What one job's tasks share. */
    private static final class JobTasks {
        final JobGraph graph;
        final ClassLoader classLoader;
        volatile LocalShuffleEnvironment shuffle;
        final List<Task> tasks = new CopyOnWriteArrayList<>();
        ScheduledExecutorService flusher;
        /** Set by cancelAll, under this object's lock: a task deployed afterwards starts cancelled. */
        boolean cancelled;

        JobTasks(JobGraph graph, ClassLoader classLoader) {
            this.graph = graph;
            this.classLoader = classLoader;
            this.shuffle = new LocalShuffleEnvironment(Configuration.fromMap(graph.configuration()));
        }
    }

    @Override
    public void prepareJob(JobGraph graph, ClassLoader userClassLoader, List<java.nio.file.Path> userJars) {
        JobTasks job = new JobTasks(graph, userClassLoader);
        jobs.put(graph.jobId(), job);
        startFlusher(job);
    }

    /** In STREAMING mode, partly filled buffers are sent at least every buffer timeout. */
    private static void startFlusher(JobTasks job) {
        Duration timeout = Configuration.fromMap(job.graph.configuration()).get(CoreOptions.BUFFER_TIMEOUT);
        if (job.graph.runtimeMode() != RuntimeExecutionMode.STREAMING || timeout.isZero()) {
            return;
        }
        job.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle output flusher " + job.graph.jobId());
            t.setDaemon(true);
            return t;
        });
        job.flusher.scheduleAtFixedRate(
                () -> {
                    for (Task t : job.tasks) {
                        for (RecordWriter<Object> w : t.writers()) {
                            w.requestFlush();
                        }
                    }
                },
                timeout.toMillis(),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void deploy(TaskDescriptor descriptor, TaskListener listener) {
        JobTasks job = jobs.get(descriptor.jobId());
        if (job == null) {
            throw new IllegalStateException("job " + descriptor.jobId() + " was not prepared");
        }
        Task task = new Task(
                descriptor, job.shuffle, job.classLoader, listener, listener, descriptor.addMetricGroup(metricGroup));
        synchronized (job) {
            // The job master may deploy a task while another thread cancels the job.
            job.tasks.add(task);
            if (job.cancelled) {
                task.cancel();
            }
        }
        new Thread(task, "Spindle task " + descriptor.taskName()).start();
    }

    @Override
    public void cancelAll(JobId jobId) {
        JobTasks job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        List<Task> toCancel;
        synchronized (job) {
            job.cancelled = true;
            toCancel = List.copyOf(job.tasks);
        }
        for (Task t : toCancel) {
            t.cancel();
        }
        releasePartitions(job);
    }

    @Override
    public void prepareRestart(JobId jobId) {
        JobTasks job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("job " + jobId + " is not running here");
        }
        synchronized (job) {
            releasePartitions(job);
            job.tasks.clear();
            job.shuffle = new LocalShuffleEnvironment(Configuration.fromMap(job.graph.configuration()));
            job.cancelled = false;
        }
    }

    @Override
    public void triggerCheckpoint(
            JobId jobId, int attempt, long checkpointId, long timestamp, CheckpointOptions options) {
        JobTasks job = jobs.get(jobId);
        if (job != null) {
            for (Task t : job.tasks) {
                if (t.descriptor().attempt() == attempt) {
                    t.triggerCheckpoint(checkpointId, timestamp, options);
                }
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(JobId jobId, int attempt, long checkpointId) {
        JobTasks job = jobs.get(jobId);
        if (job != null) {
            for (Task t : job.tasks) {
                if (t.descriptor().attempt() == attempt) {
                    t.notifyCheckpointComplete(checkpointId);
                }
            }
        }
    }

    @Override
    public void jobEnded(JobId jobId) {
        JobTasks job = jobs.remove(jobId);
        if (job == null) {
            return;
        }
        releasePartitions(job);
        if (job.flusher != null) {
            job.flusher.shutdownNow();
        }
    }

    private static void releasePartitions(JobTasks job) {
        java.util.Set<Integer> attempts = new java.util.HashSet<>();
        attempts.add(0);
        for (Task t : job.tasks) {
            attempts.add(t.descriptor().attempt());
        }
        for (int attempt : attempts) {
            for (JobEdge e : job.graph.edges()) {
                for (int p = 0; p < job.graph.vertex(e.source()).parallelism(); p++) {
                    job.shuffle.releasePartition(new PartitionId(job.graph.jobId(), e.id(), p, attempt));
                }
            }
        }
    }
}
