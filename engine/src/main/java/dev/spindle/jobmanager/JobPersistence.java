package dev.spindle.jobmanager;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.ha.CheckpointIdCounter;
import dev.spindle.ha.CheckpointPointerStore;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.InMemoryJobResultStore;
import dev.spindle.ha.JobResultEntry;
import dev.spindle.ha.JobResultStore;
import dev.spindle.ha.NoHighAvailabilityServices;
import dev.spindle.ha.RecoveredJob;
import dev.spindle.jobmanager.cleanup.CleanupRunner;
import dev.spindle.jobmanager.cleanup.JobResultState;
import dev.spindle.jobmanager.cleanup.RepeatableCleanup;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What of a job outlives the JobManager that runs it: while it runs, its graph and jars in the job
 * graph store and its completed checkpoints' pointers; once it reached a globally terminal state,
 * its entry in the job result store and the repeatable cleanup of the rest. Without high
 * availability the stores are the in-memory ones and nothing outlives the process, through the same
 * code path.
 *
 * <p>Thread-safe. Calls block on ZooKeeper and the storage directory: not on a lock others wait for.
 */
public final class JobPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobPersistence.class);

    private final HighAvailabilityServices services;
    private final CleanupRunner runner;
    private final RepeatableCleanup cleanup;
    /** Whether this JobManager still leads; a deposed one records no job's end. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;

    public JobPersistence(HighAvailabilityServices services, JobResultStore results, RetryStrategy strategy) {
        this.services = services;
        this.runner = CleanupRunner.withOwnThread(strategy);
        this.cleanup = new RepeatableCleanup(results, runner);
    }

    /**
     * Ties the recording of jobs' ends to the leadership: a JobManager that lost it (and may not know
     * yet) must not record the end of a job that the next leader runs on.
     */
    public void setLeadershipCheck(java.util.function.BooleanSupplier stillLeading) {
        this.leading = stillLeading;
    }

    /** Whether this JobManager still leads, as far as it knows ({@link #setLeadershipCheck}); always without HA. */
    public boolean leads() {
        return leading.getAsBoolean();
    }

    /** Nothing outlives the process: no high availability, results in memory. */
    public static JobPersistence inMemory(Configuration config) {
        return new JobPersistence(
                new NoHighAvailabilityServices("default"),
                new InMemoryJobResultStore(),
                RetryStrategy.fromConfiguration(config));
    }

    public HighAvailabilityServices services() {
        return services;
    }

    /** Where the job's completed checkpoints are announced. */
    CheckpointPointerStore checkpointPointers(JobId jobId) {
        return services.checkpointPointerStore(jobId);
    }

    /** Where the job's checkpoint ids come from. */
    CheckpointIdCounter checkpointIdCounter(JobId jobId) {
        return services.checkpointIdCounter(jobId);
    }

    /**
     * Before {@code graph} runs: refuses a job id that already reached a terminal state here (a job
     * runs once; a dirty entry's cleanup is started again instead), then keeps the graph and its jars
     * for the next JobManager.
     *
     * @throws JobAlreadyEndedException if the job result store has an entry for the job
     * @throws IOException if the stores cannot be used (the job must not run then), or this
     *     JobManager lost its leadership ({@link dev.spindle.ha.LeadershipLostException})
     */
    void beforeRun(JobGraph graph, List<Path> userJars) throws IOException, JobAlreadyEndedException {
        refuseIfEnded(graph);
        services.jobGraphStore().put(graph, userJars);
    }

    /**
     * Refuses {@code graph} if its job id reached a terminal state here (a job runs once); if the
     * cleanup of that job had not completed (its cleanup ran out of attempts, say), starts it again.
     *
     * @throws JobAlreadyEndedException if the job result store has an entry for the job
     * @throws IOException if the job result store cannot be read
     */
    void refuseIfEnded(JobGraph graph) throws IOException, JobAlreadyEndedException {
        JobResultState state = cleanup.stateOf(graph.jobId());
        if (state.mayRun()) {
            return;
        }
        if (state == JobResultState.DIRTY) {
            LOG.info("Job {} was submitted again after it ended; running its cleanup again", graph.jobId());
            resumeCleanup(graph.jobId(), graphForCleanup(graph), statusOf(graph.jobId()));
        }
        throw new JobAlreadyEndedException(
                graph.jobId(),
                state,
                cleanup.store().entry(graph.jobId()).map(JobResultEntry::status).orElse(null));
    }

    /**
     * The job reached the globally terminal {@code status}: records its result (dirty), removes what
     * the stores kept of it, marks the result clean, retrying each step as {@code cleanup-strategy}
     * says. The returned future fails if a step ran out of attempts (the result stays dirty).
     */
    CompletableFuture<Void> jobEnded(JobGraph graph, JobStatus status, long startTime, long endTime, String failure) {
        if (!leading.getAsBoolean()) {
            LOG.warn(
                    "Job {} ended {} under a JobManager that no longer leads; its end is not recorded, the leader runs it",
                    graph.jobId(),
                    status);
            return CompletableFuture.completedFuture(null);
        }
        JobResultEntry entry = new JobResultEntry(
                graph.jobId(), graph.name(), status, startTime, endTime, status == JobStatus.FAILED ? failure : null);
        return cleanup.cleanUpEndedJob(
                entry,
                JobCleanupSteps.first(graph.jobId(), () -> graph, status),
                JobCleanupSteps.last(graph.jobId(), services));
    }

    /**
     * Runs the cleanup of a job whose result is dirty (found on recovery, or submitted again).
     *
     * @param graph the job's graph
     * @param status how the job ended, as its dirty entry says
     */
    private CompletableFuture<Void> resumeCleanup(JobId jobId, JobCleanupSteps.GraphSource graph, JobStatus status) {
        return cleanup.resume(
                jobId, JobCleanupSteps.first(jobId, graph, status), JobCleanupSteps.last(jobId, services));
    }

    /**
     * Where the cleanup of an ended job finds the graph whose settings (checkpoint directory,
     * retention) it follows: the one stored when it ran, not {@code submitted} again, whose settings
     * may differ. Without high availability nothing is stored and {@code submitted} is all there is.
     */
    private JobCleanupSteps.GraphSource graphForCleanup(JobGraph submitted) {
        return services.isEnabled() ? storedGraph(submitted.jobId()) : () -> submitted;
    }

    /** The graph in the job graph store, read on each try; null once an earlier try removed it. */
    private JobCleanupSteps.GraphSource storedGraph(JobId jobId) {
        return () -> services.jobGraphStore().graph(jobId).orElse(null);
    }

    /** How the job ended, as its dirty entry says; null without one. */
    private JobStatus statusOf(JobId jobId) throws IOException {
        return dirtyEntries().stream()
                .filter(e -> e.jobId().equals(jobId))
                .map(JobResultEntry::status)
                .findFirst()
                .orElse(null);
    }

    private java.util.Set<JobResultEntry> dirtyEntries() throws IOException {
        return cleanup.store().getDirtyResults();
    }

    /**
     * The jobs a new leader takes over: those in the job graph store without a result, each set to
     * resume from its latest completed checkpoint (if it has one). Jobs with a dirty result get their
     * cleanup run again instead, also those whose graph an earlier cleanup already removed; those
     * with a clean one are removed from the graph store.
     *
     * @param jarDirectory where the jobs' jars are copied to
     */
    public List<RecoveredJob> recover(Path jarDirectory) throws IOException {
        Map<JobId, JobStatus> dirty = new HashMap<>();
        for (JobResultEntry entry : dirtyEntries()) {
            dirty.put(entry.jobId(), entry.status());
        }
        java.util.Collection<JobId> stored = services.jobGraphStore().jobIds();
        for (Map.Entry<JobId, JobStatus> entry : dirty.entrySet()) {
            if (!stored.contains(entry.getKey())) {
                LOG.info("Job {} ended under an earlier JobManager; running the rest of its cleanup", entry.getKey());
                resumeCleanup(entry.getKey(), storedGraph(entry.getKey()), entry.getValue());
            }
        }
        List<RecoveredJob> jobs = new ArrayList<>();
        for (JobId id : stored) {
            JobResultState state = dirty.containsKey(id) ? JobResultState.DIRTY : cleanup.stateOf(id);
            if (state == JobResultState.CLEAN) {
                services.jobGraphStore().remove(id);
                continue;
            }
            if (state == JobResultState.DIRTY) {
                LOG.info("Job {} ended under an earlier JobManager; running its cleanup again, not the job", id);
                resumeCleanup(id, storedGraph(id), dirty.get(id));
                continue;
            }
            RecoveredJob job = services.jobGraphStore()
                    .recover(id, jarDirectory.resolve(id.toString()))
                    .orElse(null);
            if (job == null) {
                continue; // removed meanwhile
            }
            SortedMap<Long, String> pointers =
                    services.checkpointPointerStore(id).all();
            if (!pointers.isEmpty()) {
                String latest = pointers.get(pointers.lastKey());
                LOG.info("Recovering job {} from its checkpoint {} ({})", id, pointers.lastKey(), latest);
                job = new RecoveredJob(restoringFrom(job.graph(), latest), job.userJars());
            } else {
                LOG.info("Recovering job {}; it has no completed checkpoint", id);
            }
            jobs.add(job);
        }
        return jobs;
    }

    /** {@code graph} set to start from the checkpoint at {@code pointer}. */
    private static JobGraph restoringFrom(JobGraph graph, String pointer) {
        Map<String, String> config = new HashMap<>(graph.configuration());
        config.put(CheckpointingOptions.SAVEPOINT_PATH.key(), pointer);
        config.remove(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key());
        return new JobGraph(
                graph.jobId(),
                graph.name(),
                graph.runtimeMode(),
                graph.maxParallelism(),
                config,
                graph.vertices(),
                graph.edges());
    }

    /** Stops pending cleanup retries; the stores are their owner's to close. */
    @Override
    public void close() {
        runner.close();
    }
}
