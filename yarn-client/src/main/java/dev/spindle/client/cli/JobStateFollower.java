package dev.spindle.client.cli;

import dev.spindle.config.ClientOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.rest.client.JobProgressSource;
import dev.spindle.rest.client.JobProgressSource.JobProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints {@code Job <id> is <STATE>} on stderr each time a job on a cluster changes state, so that
 * a user waiting on an attached run sees it wait for slots, run, and cancel. While a job waits for
 * slots, {@code Job <id> is waiting for <n> slots: ...} says what it waits for (when the job's
 * client is a {@link JobProgressSource}), when first seen and then at most every
 * {@code client.progress.waiting-interval}, so that a job that can never get its slots does not wait silently.
 * Jobs are polled on one
 * daemon thread of this follower; a poll that fails is skipped silently, because losing the
 * cluster is reported once, by the job's result.
 *
 * <p>{@link #stop} and {@link #close} may be called from any thread; no line is printed for a job
 * after its {@code stop} has returned, so that its end is reported after its last state.
 */
final class JobStateFollower implements AutoCloseable {

    private final PrintWriter err;
    private final Duration interval;
    private final long waitingIntervalNanos;
    private final Duration statusTimeout;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "Spindle job state follower");
        t.setDaemon(true);
        return t;
    });
    // Guarded by this: a job's last printed state, and its poll while it is followed.
    private final Map<JobId, JobStatus> printed = new HashMap<>();
    private final Map<JobId, ScheduledFuture<?>> polls = new HashMap<>();
    /** Guarded by this: when what a job waits for was last printed (System.nanoTime()). */
    private final Map<JobId, Long> waitingPrinted = new HashMap<>();

    JobStateFollower(PrintWriter err, Duration interval) {
        this(err, interval, ClientOptions.PROGRESS_WAITING_INTERVAL.defaultValue());
    }

    JobStateFollower(PrintWriter err, Duration interval, Duration waitingInterval) {
        this(err, interval, waitingInterval, ClientOptions.REST_TIMEOUT.defaultValue());
    }

    /**
     * @param interval how often each job is polled
     * @param waitingInterval how often what a job waits for is printed again while it waits
     * @param statusTimeout the longest wait for one poll's answer; a poll that takes longer is skipped
     */
    JobStateFollower(PrintWriter err, Duration interval, Duration waitingInterval, Duration statusTimeout) {
        this.err = err;
        this.interval = interval;
        this.waitingIntervalNanos = waitingInterval.toNanos();
        this.statusTimeout = statusTimeout;
    }

    /** Follows the job until it reaches a terminal state or {@link #stop} is called for it. */
    synchronized void follow(JobClient job) {
        if (poller.isShutdown()) {
            return;
        }
        polls.put(
                job.getJobId(),
                poller.scheduleWithFixedDelay(() -> poll(job), 0, interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Stops following the job; returns after its last line, if any, has been printed. */
    synchronized void stop(JobId job) {
        ScheduledFuture<?> poll = polls.remove(job);
        if (poll != null) {
            poll.cancel(false);
        }
    }

    private void poll(JobClient job) {
        JobProgress progress;
        try {
            // Outside the lock: the request may take a while, and stop() must not wait for it.
            CompletableFuture<JobProgress> request = job instanceof JobProgressSource source
                    ? source.getJobProgress()
                    : job.getJobStatus().thenApply(status -> new JobProgress(status, null));
            progress = request.get(statusTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            return;
        }
        report(job.getJobId(), progress);
    }

    private synchronized void report(JobId job, JobProgress progress) {
        if (!polls.containsKey(job)) {
            return;
        }
        JobStatus status = progress.status();
        if (status != printed.get(job)) {
            printed.put(job, status);
            err.println("Job " + job + " is " + status);
        }
        String waitingFor = progress.pendingResources();
        Long last = waitingPrinted.get(job);
        long now = System.nanoTime();
        if (waitingFor != null && (last == null || now - last >= waitingIntervalNanos)) {
            waitingPrinted.put(job, now);
            err.println("Job " + job + " is " + waitingFor);
        }
        err.flush();
        if (status.isTerminal()) {
            stop(job);
        }
    }

    @Override
    public synchronized void close() {
        poller.shutdownNow();
        polls.clear();
    }
}
