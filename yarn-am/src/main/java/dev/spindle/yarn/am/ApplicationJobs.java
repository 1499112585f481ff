package dev.spindle.yarn.am;

import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.jobmanager.Dispatcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The jobs an application's main() submitted, in the order it submitted them, and what their ends
 * mean for the application. Thread-safe: jobs are added by the program's thread, their ends are
 * seen on the dispatcher's or the jobs' threads, and the policy's thread reads.
 */
final class ApplicationJobs {
    private final Dispatcher dispatcher;
    private final Runnable onChange;
    private final List<Submitted> jobs = new CopyOnWriteArrayList<>();

    private record Submitted(JobId id, CompletableFuture<JobExecutionResult> result) {}

    /**
     * @param dispatcher where the jobs run
     * @param onChange called when a job is added and when one ends (on the thread that saw it)
     */
    ApplicationJobs(Dispatcher dispatcher, Runnable onChange) {
        this.dispatcher = dispatcher;
        this.onChange = onChange;
    }

    /** A job main() submitted; its result comes from its client (a job that ended under an earlier attempt has none here). */
    void add(JobClient client) {
        JobId id = client.getJobId();
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        jobs.add(new Submitted(id, result));
        result.whenComplete((r, t) -> onChange.run());
        onChange.run();
    }

    List<JobId> ids() {
        return jobs.stream().map(Submitted::id).toList();
    }

    boolean isEmpty() {
        return jobs.isEmpty();
    }

    boolean allFinished() {
        return jobs.stream().allMatch(j -> j.result().isDone() && !j.result().isCompletedExceptionally());
    }

    /**
     * What the first job (in submission order) that ended other than FINISHED means for the
     * application — KILLED if it was cancelled, FAILED with its failure otherwise — or null while
     * none has.
     */
    AmOutcome firstUnsuccessfulEnd() {
        for (Submitted job : jobs) {
            if (job.result().isCompletedExceptionally()) {
                Throwable t = job.result().handle((r, failure) -> failure).join();
                if (t instanceof CompletionException && t.getCause() != null) {
                    t = t.getCause();
                }
                if (t instanceof JobCancellationException) {
                    return AmOutcome.killed("application: job " + job.id() + " was cancelled; "
                            + "the application's other jobs are cancelled with it");
                }
                return AmOutcome.failed(
                        "application: job " + job.id() + " failed: " + t.getMessage(), AmOutcome.EXIT_FAILED);
            }
        }
        return null;
    }

    /** Asks every job of the application that has not ended to cancel; returns at once. */
    void cancelRunning() {
        for (Submitted job : jobs) {
            if (!job.result().isDone()) {
                dispatcher.cancelJob(job.id());
            }
        }
    }

    /** Waits up to {@code millis} for every job to end; returns whether they all did. */
    boolean awaitEnded(long millis) throws InterruptedException {
        CompletableFuture<?>[] results =
                jobs.stream().map(j -> j.result().handle((r, t) -> null)).toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(results).get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("handled futures do not fail", e);
        }
    }
}
