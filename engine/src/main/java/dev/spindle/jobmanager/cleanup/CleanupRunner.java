package dev.spindle.jobmanager.cleanup;

import dev.spindle.core.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cleanup steps of jobs, each step tried on its own per a {@link RetryStrategy}: the steps
 * of a job do not depend on each other, so one that fails neither stops nor delays the others.
 * Every failed try is logged once at WARN with the job, the step, the attempt, the error's message
 * and the wait before the next try (the stack trace only at DEBUG: a cleanup retried every minute
 * for hours must not flood the log).
 *
 * <p>Tries run on the given scheduled executor; the returned futures complete on its threads (or on
 * the thread that calls {@link #close()}). Thread-safe.
 */
public final class CleanupRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupRunner.class);

    private final RetryStrategy strategy;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    /** Guards {@link #pendingTries} and {@link #closed}, so that no try is scheduled after close cancelled them. */
    private final Object lock = new Object();
    /** The next try of every step not finished yet, to be cancelled on close. */
    private final Set<Future<?>> pendingTries = new HashSet<>();
    /** The futures of the runs not finished yet, to be failed on close. */
    private final Set<CompletableFuture<Void>> unfinishedRuns = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /** A runner on {@code executor}, which stays the caller's: {@link #close()} does not shut it down. */
    public CleanupRunner(RetryStrategy strategy, ScheduledExecutorService executor) {
        this(strategy, executor, false);
    }

    private CleanupRunner(RetryStrategy strategy, ScheduledExecutorService executor, boolean ownsExecutor) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = ownsExecutor;
    }

    /** A runner with its own thread ({@code spindle-cleanup}, a daemon), stopped by {@link #close()}. */
    public static CleanupRunner withOwnThread(RetryStrategy strategy) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "spindle-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        return new CleanupRunner(strategy, executor, true);
    }

    public RetryStrategy strategy() {
        return strategy;
    }

    /**
     * Runs every step of {@code steps} (in parallel as far as the executor allows), each until it
     * succeeds or has no attempt left.
     *
     * @return completes when every step succeeded; fails with a {@link CleanupException} naming the
     *     steps that ran out of attempts once every step is done, or with a {@link
     *     CancellationException} when the runner is closed first
     */
    public CompletableFuture<Void> run(JobId jobId, List<CleanupStep> steps) {
        Objects.requireNonNull(jobId, "jobId");
        List<CompletableFuture<Optional<Throwable>>> outcomes = new ArrayList<>();
        CompletableFuture<Void> result = new CompletableFuture<>();
        unfinishedRuns.add(result);
        for (CleanupStep step : steps) {
            CompletableFuture<Optional<Throwable>> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            schedule(new StepTries(jobId, step, outcome), Duration.ZERO);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).whenComplete((ignored, cancelled) -> {
            unfinishedRuns.remove(result);
            if (cancelled != null) { // the runner was closed, or a step threw an Error
                result.completeExceptionally(
                        cancelled instanceof CompletionException && cancelled.getCause() != null
                                ? cancelled.getCause()
                                : cancelled);
                return;
            }
            List<String> failed = new ArrayList<>();
            Throwable first = null;
            for (int i = 0; i < steps.size(); i++) {
                Optional<Throwable> error = outcomes.get(i).join();
                if (error.isPresent()) {
                    failed.add(steps.get(i).name());
                    first = first == null ? error.get() : first;
                }
            }
            if (failed.isEmpty()) {
                result.complete(null);
            } else {
                CleanupException e = new CleanupException(jobId, failed, strategy.maxAttempts(), first);
                outcomes.forEach(o -> o.join().ifPresent(e::addSuppressed));
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Cancels every pending retry and fails the unfinished runs' futures with a {@link
     * CancellationException}; a try running at this moment finishes. With its own thread, the
     * runner also stops it (waiting at most 10 s for a running try).
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            pendingTries.forEach(f -> f.cancel(false));
            pendingTries.clear();
        }
        for (CompletableFuture<Void> run : List.copyOf(unfinishedRuns)) {
            unfinishedRuns.remove(run); // its cancelled steps never complete: nothing else removes it
            run.completeExceptionally(new CancellationException("the cleanup runner was closed"));
        }
        if (ownsExecutor) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Schedules the next try, unless the runner is closed (then the step's outcome is cancelled). */
    private void schedule(StepTries tries, Duration delay) {
        String refusal;
        synchronized (lock) {
            if (closed) {
                refusal = "the cleanup runner was closed";
            } else {
                try {
                    AtomicReference<Future<?>> handle = new AtomicReference<>();
                    handle.set(executor.schedule(
                            () -> {
                                synchronized (lock) { // after this block: handle is set and in pendingTries
                                    pendingTries.remove(handle.get());
                                }
                                tries.tryOnce();
                            },
                            delay.toNanos(),
                            TimeUnit.NANOSECONDS));
                    pendingTries.add(handle.get());
                    return;
                } catch (RejectedExecutionException e) {
                    refusal = "the cleanup executor is shut down";
                }
            }
        }
        tries.outcome.completeExceptionally(new CancellationException(refusal));
    }

    /** The tries of one step: completes {@code outcome} with empty on success, with the last error when given up. */
    private final class StepTries {
        private final JobId jobId;
        private final CleanupStep step;
        private final CompletableFuture<Optional<Throwable>> outcome;
        private int attempt;

        StepTries(JobId jobId, CleanupStep step, CompletableFuture<Optional<Throwable>> outcome) {
            this.jobId = jobId;
            this.step = step;
            this.outcome = outcome;
        }

        /** Runs one try; only ever on one thread at a time (the next try is scheduled after this one ends). */
        void tryOnce() {
            if (closed || outcome.isDone()) {
                return;
            }
            attempt++;
            try {
                step.run();
            } catch (Exception e) {
                failed(e);
                return;
            } catch (Error e) {
                outcome.completeExceptionally(e);
                throw e;
            }
            if (attempt > 1) {
                LOG.info("Cleanup of job {}: step '{}' succeeded on attempt {}", jobId, step.name(), attempt);
            }
            outcome.complete(Optional.empty());
        }

        private void failed(Throwable e) {
            Optional<Duration> delay =
                    attempt == Integer.MAX_VALUE ? Optional.empty() : strategy.delayBeforeAttempt(attempt + 1);
            if (delay.isPresent()) {
                LOG.warn(
                        "Cleanup of job {}: step '{}' failed (attempt {} of {}): {}; trying again in {} ms",
                        jobId,
                        step.name(),
                        attempt,
                        attemptsText(),
                        e.getMessage(),
                        delay.get().toMillis());
            } else {
                LOG.warn(
                        "Cleanup of job {}: step '{}' failed (attempt {} of {}): {}; giving up",
                        jobId,
                        step.name(),
                        attempt,
                        attemptsText(),
                        e.getMessage());
            }
            LOG.debug("Cleanup of job {}: step '{}' failed", jobId, step.name(), e);
            if (delay.isPresent()) {
                schedule(this, delay.get());
            } else {
                outcome.complete(Optional.of(e));
            }
        }

        private String attemptsText() {
            return strategy.maxAttempts() == Integer.MAX_VALUE ? "unlimited" : String.valueOf(strategy.maxAttempts());
        }
    }
}
