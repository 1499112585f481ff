package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointCoordinator;
import dev.spindle.checkpoint.CheckpointJobActions;
import dev.spindle.checkpoint.CheckpointSettings;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.CheckpointStorage;
import dev.spindle.checkpoint.CheckpointStorageAccess;
import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.ha.CheckpointIdCounter;
import dev.spindle.ha.CheckpointPointerStore;
import dev.spindle.jobmanager.restart.RestartStrategies;
import dev.spindle.jobmanager.restart.RestartStrategy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A job's fault tolerance as its {@link JobMaster} uses it: the checkpoint coordinator and its
 * storage (for STREAMING jobs with a checkpoint interval), the restart strategy, and the job's
 * timer thread, on which checkpoints are triggered and stored and restarts run.
 */
final class JobCheckpointing {
    private final JobGraph graph;
    private final Configuration configuration;
    private final CheckpointJobActions actions;
    private final boolean enabled;
    private final ScheduledExecutorService timer;
    private CheckpointCoordinator coordinator;
    private CheckpointStorage storage;
    /** The savepoint or retained checkpoint the job started from, or null. */
    private CompletedCheckpoint initialRestore;

    private volatile Thread timerThread;
    private CheckpointConfig checkpointConfig;
    /** Where completed checkpoints are announced for the next JobManager (high availability). */
    private final CheckpointPointerStore pointers;
    /** Where checkpoint ids come from, so that the next JobManager never repeats one (high availability). */
    private final CheckpointIdCounter ids;

    JobCheckpointing(
            JobGraph graph, CheckpointJobActions actions, CheckpointPointerStore pointers, CheckpointIdCounter ids) {
        this.graph = graph;
        this.pointers = pointers;
        this.ids = ids;
        this.configuration = Configuration.fromMap(graph.configuration());
        this.actions = actions;
        this.enabled = enabled(graph, configuration);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle job " + graph.jobId() + " timer");
            t.setDaemon(true);
            timerThread = t;
            return t;
        });
    }

    /** Whether the job takes checkpoints: STREAMING with a positive checkpoint interval. */
    static boolean enabled(JobGraph graph, Configuration configuration) {
        if (graph.runtimeMode() != RuntimeExecutionMode.STREAMING
                || !configuration.contains(CheckpointingOptions.INTERVAL)) {
            return false;
        }
        Duration interval = configuration.get(CheckpointingOptions.INTERVAL);
        return !interval.isZero() && !interval.isNegative();
    }

    RestartStrategy restartStrategy() {
        return RestartStrategies.create(configuration, enabled);
    }

    /** {@code web.exception-history-size} of the job's configuration; a bad value keeps the default. */
    int exceptionHistorySize() {
        try {
            return configuration.get(RestOptions.EXCEPTION_HISTORY_SIZE);
        } catch (dev.spindle.config.IllegalConfigurationException e) {
            return RestOptions.EXCEPTION_HISTORY_SIZE.defaultValue();
        }
    }

    /**
     * Creates the job's checkpoint directory and reads the savepoint the job starts from, if any;
     * fails the job's start when it cannot.
     */
    void initialize() throws IOException, SavepointException {
        String savepointPath = configuration.get(CheckpointingOptions.SAVEPOINT_PATH);
        if (!enabled) {
            if (savepointPath != null && !savepointPath.isBlank()) {
                throw new SavepointException("the job cannot start from " + savepointPath + ": resuming from a "
                        + "savepoint needs a STREAMING job with checkpoints; set execution.checkpointing.interval");
            }
            return;
        }
        CheckpointStorage storage = CheckpointStorage.forJob(configuration, graph.jobId());
        CompletedCheckpoint initial = null;
        if (savepointPath != null && !savepointPath.isBlank()) {
            // Checked before the job's directory is made: a job refused here leaves nothing behind.
            initial = loadSavepoint(storage, savepointPath.trim());
            StateAssignment.check(
                    graph,
                    initial,
                    configuration.get(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE),
                    initial.externalPointer());
        }
        storage.initialize();
        List<int[]> subtasks = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            for (int i = 0; i < v.parallelism(); i++) {
                subtasks.add(new int[] {v.id(), i});
            }
        }
        CheckpointSettings settings = settings();
        CheckpointConfig config = checkpointConfig(settings, storage.jobDirectory());
        synchronized (this) {
            coordinator = new CheckpointCoordinator(
                    graph.jobId(),
                    graph.maxParallelism(),
                    settings,
                    subtasks,
                    actions,
                    access(storage, pointers),
                    timer,
                    new CounterCheckpointIds(ids));
            this.storage = storage;
            this.initialRestore = initial;
            if (initial != null) {
                coordinator.restoringFrom(initial);
            }
            checkpointConfig = config;
        }
    }

    private CheckpointSettings settings() {
        return new CheckpointSettings(
                configuration.get(CheckpointingOptions.INTERVAL),
                configuration.get(CheckpointingOptions.TIMEOUT),
                configuration.get(CheckpointingOptions.MIN_PAUSE),
                configuration.get(CheckpointingOptions.TOLERABLE_FAILED),
                configuration.get(CheckpointingOptions.NUM_RETAINED));
    }

    /**
     * The coordinator's storage: checkpoint files, and their pointers in {@code pointers}. A
     * checkpoint is complete only once its pointer is stored: with high availability that write is
     * fenced, so a JobManager that lost its leadership cannot complete one (nor have its sinks commit).
     */
    private static CheckpointStorageAccess access(CheckpointStorage storage, CheckpointPointerStore pointers) {
        return new CheckpointStorageAccess() {
            @Override
            public String store(CompletedCheckpoint checkpoint) throws IOException {
                String pointer = storage.store(checkpoint);
                pointers.add(checkpoint.checkpointId(), pointer);
                return pointer;
            }

            @Override
            public void discard(long checkpointId) throws IOException {
                pointers.remove(checkpointId);
                storage.discardCheckpoint(checkpointId);
            }

            @Override
            public void discardAll() throws IOException {
                pointers.removeAll();
                storage.discardJobDirectory();
            }

            @Override
            public String storeSavepoint(CompletedCheckpoint savepoint, String location) throws IOException {
                return storage.store(savepoint, location);
            }

            @Override
            public void discardSavepoint(String location) throws IOException {
                storage.discardLocation(location);
            }
        };
    }

    private synchronized CheckpointCoordinator coordinator() {
        return coordinator;
    }

    /**
     * The tasks of a new attempt are being deployed: checkpoints (re)start; after a restart the
     * first one as soon as every task runs, so that progress is durable again quickly.
     */
    void attemptStarted(boolean restarted) {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            c.start(restarted);
        }
    }

    /** The job's tasks are being cancelled: no more checkpoints until the next attempt. */
    void stopCheckpoints() {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            c.stop();
        }
    }

    /** The checkpoint a restart restores from (the savepoint the job started from before its first), or null. */
    CompletedCheckpoint latestCompleted() {
        CheckpointCoordinator c = coordinator();
        CompletedCheckpoint latest = c == null ? null : c.latestCompleted();
        if (latest == null) {
            latest = initialRestore();
        }
        if (latest != null) {
            c.restoringFrom(latest);
        }
        return latest;
    }

    /** The savepoint or retained checkpoint the job starts from, or null. */
    synchronized CompletedCheckpoint initialRestore() {
        return initialRestore;
    }

    private static CompletedCheckpoint loadSavepoint(CheckpointStorage storage, String path) throws SavepointException {
        try {
            return storage.load(path);
        } catch (java.io.FileNotFoundException e) {
            throw new SavepointException(
                    "there is no savepoint or retained checkpoint at " + path + " (no "
                            + CheckpointStorage.METADATA_FILE
                            + " file); give the directory that 'spindle savepoint' or "
                            + "'spindle stop' printed, or a chk-<n> directory of a retained checkpoint",
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SavepointException("cannot read the savepoint " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes a savepoint into a new directory under {@code targetDirectory} (or {@code
     * state.savepoints.dir}); see {@link CheckpointCoordinator#triggerSavepoint}. The directory is
     * created on the job's timer thread.
     */
    CompletableFuture<String> triggerSavepoint(String targetDirectory, SavepointType type) {
        CheckpointCoordinator c = coordinator();
        if (c == null) {
            return CompletableFuture.failedFuture(new SavepointException(
                    enabled
                            ? "the job has not started yet; try again when it runs"
                            : "the job takes no checkpoints, so it cannot take savepoints: savepoints need a STREAMING job "
                                    + "with execution.checkpointing.interval set"));
        }
        String target = targetDirectory;
        if (target == null || target.isBlank()) {
            target = configuration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
        }
        if (target == null || target.isBlank()) {
            return CompletableFuture.failedFuture(new SavepointException("no savepoint directory: name one (spindle "
                    + "savepoint <jobId> <directory>, spindle stop --savepoint-path <directory>) or set "
                    + CheckpointingOptions.SAVEPOINT_DIRECTORY.key()));
        }
        String directory = target.trim();
        CompletableFuture<String> result = new CompletableFuture<>();
        timer.execute(() -> {
            String location;
            try {
                location = storage().createSavepointLocation(directory);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new SavepointException(e.getMessage(), e));
                return;
            }
            c.triggerSavepoint(location, type).whenComplete((path, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(path);
                }
            });
        });
        return result;
    }

    private synchronized CheckpointStorage storage() {
        return storage;
    }

    void acknowledge(long checkpointId, TaskSnapshot snapshot) {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            c.acknowledge(checkpointId, snapshot);
        }
    }

    void decline(long checkpointId, String reason) {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            c.decline(checkpointId, reason);
        }
    }

    void inputEnded(int vertexId, int subtaskIndex) {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            c.inputEnded(vertexId, subtaskIndex);
        }
    }

    /** Null for a job without checkpoints; no checkpoints yet for one that has not started. */
    CheckpointStats stats() {
        CheckpointCoordinator c = coordinator();
        if (c == null) {
            return enabled ? CheckpointStats.none() : null;
        }
        return c.stats();
    }

    /**
     * The job's checkpointing settings; null for a job without checkpoints. Before the job starts
     * the directory is the configured one, not yet fully qualified.
     */
    synchronized CheckpointConfig config() {
        if (checkpointConfig != null || !enabled) {
            return checkpointConfig;
        }
        try {
            return checkpointConfig(
                    settings(),
                    CheckpointStorage.baseDirectory(configuration).replaceAll("/+$", "") + "/" + graph.jobId());
        } catch (dev.spindle.config.IllegalConfigurationException e) {
            return null; // the job fails at its start with this error
        }
    }

    private CheckpointConfig checkpointConfig(CheckpointSettings settings, String directory) {
        return new CheckpointConfig(
                configuration.get(CheckpointingOptions.MODE),
                settings.interval(),
                settings.timeout(),
                settings.minPause(),
                settings.tolerableFailures(),
                configuration.get(CheckpointingOptions.RETENTION),
                settings.numRetained(),
                directory);
    }

    /** Runs {@code action} on the timer thread after {@code delayMillis}. */
    void schedule(Runnable action, long delayMillis) {
        timer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The job has ended: its checkpoints are kept or deleted as the retention setting says (kept
     * when the job failed, unless never retained; kept when cancelled only with
     * RETAIN_ON_CANCELLATION; deleted when it finished), and the timer ends.
     */
    void shutdown(JobStatus terminal) {
        shutdown(terminal, false);
    }

    /**
     * As {@link #shutdown(JobStatus)}; a {@code suspended} job (its JobManager stops and the next
     * leader resumes it) keeps its checkpoints and their pointers whatever the retention says.
     */
    void shutdown(JobStatus terminal, boolean suspended) {
        CheckpointCoordinator c = coordinator();
        if (c != null) {
            CheckpointRetention retention = configuration.get(CheckpointingOptions.RETENTION);
            c.shutdown(suspended || retention.keepsCheckpointsOf(terminal));
        }
        timer.shutdown(); // queued work (a checkpoint being stored, deleting files) still runs
        if (Thread.currentThread() != timerThread) {
            // So that what clients see of the ended job's checkpoints no longer changes.
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
