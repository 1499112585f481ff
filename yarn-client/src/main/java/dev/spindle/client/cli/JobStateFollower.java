package dev.spindle.client.cli;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobId;
import dev.spindle.api.JobStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints {@code Job <id> is <STATE>} on stderr each time a job on a cluster changes state, so that
 * a user waiting on an attached run sees it wait for slots, run, and cancel. Jobs are polled on one
 * daemon thread of this follower; a poll that fails is skipped silently, because losing the
 * cluster is reported once, by the job's result.
 *
 * <p>{@link #stop} and {@link #close} may be called from any thread; no line is printed for a job
 * after its {@code stop} has returned, so that its end is reported after its last state.
 */
final class JobStateFollower implements AutoCloseable {
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    private final PrintWriter err;
    private final Duration interval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "Spindle job state follower");
        t.setDaemon(true);
        return t;
    });
    // Guarded by this: a job's last printed state, and its poll while it is followed.
    private final Map<JobId, JobStatus> printed = new HashMap<>();
    private final Map<JobId, ScheduledFuture<?>> polls = new HashMap<>();

    JobStateFollower(PrintWriter err, Duration interval) {
        this.err = err;
        this.interval = interval;
    }

    /** Follows the job until it reaches a terminal state or {@link #stop} is called for it. */
    synchronized void follow(JobClient job) {
        if (poller.isShutdown()) {
            return;
        }
        polls.put(job.getJobId(), poller.scheduleWithFixedDelay(() -> poll(job), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Stops following the job; returns after its last line, if any, has been printed. */
    synchronized void stop(JobId job) {
        ScheduledFuture<?> poll = polls.remove(job);
        if (poll != null) {
            poll.cancel(false);
        }
    }

    private void poll(JobClient job) {
        JobStatus status;
        try {
            // Outside the lock: the request may take a while, and stop() must not wait for it.
            status = job.getJobStatus().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            return;
        }
        report(job.getJobId(), status);
    }

    private synchronized void report(JobId job, JobStatus status) {
        if (!polls.containsKey(job) || status == printed.get(job)) {
            return;
        }
        printed.put(job, status);
        err.println("Job " + job + " is " + status);
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
