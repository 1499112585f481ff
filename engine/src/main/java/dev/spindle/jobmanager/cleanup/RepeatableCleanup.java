package dev.spindle.jobmanager.cleanup;

import dev.spindle.core.JobId;
import dev.spindle.ha.JobResultEntry;
import dev.spindle.ha.JobResultStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a job's cleanup repeatable with a {@link JobResultStore}: the job's result is recorded as
 * dirty before any of its resources is touched, and marked clean only after every cleanup step
 * succeeded. A JobManager that dies in between, or a cleanup whose steps run out of attempts,
 * leaves the entry dirty; whoever finds it later ({@link #resume}) runs the cleanup again, and
 * nobody runs the job again ({@link #stateOf}).
 *
 * <p>Recording the entry and marking it clean are retried with the runner's strategy, as the
 * steps are. Thread-safe; a job's cleanup that is in progress is not started a second time (a
 * {@link #resume} joins it, and runs again only if it gives up).
 */
public final class RepeatableCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(RepeatableCleanup.class);

    private final JobResultStore store;
    private final CleanupRunner runner;
    private final Map<JobId, CompletableFuture<Void>> inProgress = new ConcurrentHashMap<>();

    public RepeatableCleanup(JobResultStore store, CleanupRunner runner) {
        this.store = Objects.requireNonNull(store, "store");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    public JobResultStore store() {
        return store;
    }

    /**
     * What the store says of {@code jobId}: ask it before running a job, submitted or recovered.
     * Only {@link JobResultState#NONE} may run; {@link JobResultState#DIRTY} calls for {@link
     * #resume}.
     *
     * @throws IOException when the store cannot be read (then the job must not run either)
     */
    public JobResultState stateOf(JobId jobId) throws IOException {
        if (store.hasDirtyJobResultEntry(jobId)) {
            return JobResultState.DIRTY;
        }
        return store.hasCleanJobResultEntry(jobId) ? JobResultState.CLEAN : JobResultState.NONE;
    }

    /**
     * The cleanup of a job that just reached a globally terminal state: records {@code entry}
     * dirty, runs {@code steps}, marks the entry clean.
     *
     * @return completes when the entry is clean; fails with a {@link CleanupException} when the
     *     entry could not be recorded (then no step ran) or a step or the marking ran out of
     *     attempts (then the entry stays dirty)
     */
    public CompletableFuture<Void> cleanUpEndedJob(JobResultEntry entry, List<CleanupStep> steps) {
        return cleanUpEndedJob(entry, steps, List.of());
    }

    /**
     * As {@link #cleanUpEndedJob(JobResultEntry, List)}, with {@code lastSteps} that start only once
     * every step of {@code steps} succeeded: they remove what a retry of {@code steps} (here, or by
     * the next JobManager) still needs, such as the job graph that says where the job's checkpoints are.
     */
    public CompletableFuture<Void> cleanUpEndedJob(
            JobResultEntry entry, List<CleanupStep> steps, List<CleanupStep> lastSteps) {
        JobId jobId = entry.jobId();
        CleanupStep record = CleanupStep.of("record the job result", () -> {
            if (!store.hasDirtyJobResultEntry(jobId)) { // a try that wrote it and then failed
                store.createDirtyResult(entry);
            }
        });
        return once(
                jobId,
                () -> runner.run(jobId, List.of(record)).thenCompose(ignored -> cleanUp(jobId, steps, lastSteps)));
    }

    /**
     * The cleanup of a job whose dirty entry was found later: by a JobManager that recovers, or
     * when the same job id is submitted again after the cleanup ran out of attempts. Runs {@code
     * steps} and marks the entry clean.
     *
     * @return as {@link #cleanUpEndedJob}; completes at once if the entry is clean already
     */
    public CompletableFuture<Void> resume(JobId jobId, List<CleanupStep> steps) {
        return resume(jobId, steps, List.of());
    }

    /**
     * As {@link #resume(JobId, List)}, with {@code lastSteps} as in {@link
     * #cleanUpEndedJob(JobResultEntry, List, List)}. A cleanup of the job in progress is joined; if
     * it then gives up, this request (the job submitted again, say) still gets a run of its own.
     */
    public CompletableFuture<Void> resume(JobId jobId, List<CleanupStep> steps, List<CleanupStep> lastSteps) {
        CompletableFuture<Void> running = inProgress.get(jobId);
        if (running == null) {
            return once(jobId, () -> cleanUp(jobId, steps, lastSteps));
        }
        return running.exceptionallyCompose(failure -> unwrap(failure) instanceof CancellationException
                ? CompletableFuture.failedFuture(unwrap(failure)) // the runner was closed
                : once(jobId, () -> cleanUp(jobId, steps, lastSteps)));
    }

    /** Whether a cleanup of {@code jobId} started here is still going on. */
    public boolean isInProgress(JobId jobId) {
        return inProgress.containsKey(jobId);
    }

    private CompletableFuture<Void> cleanUp(JobId jobId, List<CleanupStep> steps, List<CleanupStep> lastSteps) {
        CleanupStep markClean = CleanupStep.of("mark the job result clean", () -> {
            if (store.hasDirtyJobResultEntry(jobId)) { // gone: marked by an earlier try, or deleted on commit
                store.markResultAsClean(jobId);
            }
        });
        return runner.run(jobId, steps)
                .thenCompose(ignored -> runner.run(jobId, lastSteps))
                .thenCompose(ignored -> runner.run(jobId, List.of(markClean)))
                .whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        LOG.info("Job {} is cleaned up", jobId);
                    } else {
                        LOG.warn(
                                "The cleanup of job {} is incomplete and its result stays dirty in the {}; "
                                        + "it is run again when a JobManager recovers or the job is submitted again",
                                jobId,
                                store);
                    }
                });
    }

    /** Starts {@code cleanup} unless a cleanup of the job is in progress, whose future is then returned. */
    private CompletableFuture<Void> once(JobId jobId, Supplier<CompletableFuture<Void>> cleanup) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> running = inProgress.putIfAbsent(jobId, started);
        if (running != null) {
            return running;
        }
        cleanup.get().whenComplete((ignored, failure) -> {
            inProgress.remove(jobId, started);
            if (failure == null) {
                started.complete(null);
            } else {
                started.completeExceptionally(unwrap(failure));
            }
        });
        return started;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
