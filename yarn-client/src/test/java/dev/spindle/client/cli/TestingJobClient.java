package dev.spindle.client.cli;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job whose status answers follow a script: each {@link #getJobStatus()} returns the next state
 * of the list, then the last one forever, unless {@link #statusFailure} is set. Counts
 * cancellations; its result is completed by the test.
 */
final class TestingJobClient implements JobClient {
    final JobId jobId = JobId.generate();
    final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    final AtomicInteger cancellations = new AtomicInteger();
    /** When set, status requests fail with it (a cluster that does not answer). */
    volatile Exception statusFailure;

    private final Deque<JobStatus> states;
    private JobStatus last;

    TestingJobClient(JobStatus... states) {
        this.states = new ArrayDeque<>(List.of(states));
        this.last = states[0];
    }

    /** Appends states to the script, for a job that moves on while the test watches. */
    synchronized void moveOnTo(JobStatus... next) {
        states.addAll(List.of(next));
    }

    @Override
    public JobId getJobId() {
        return jobId;
    }

    @Override
    public synchronized CompletableFuture<JobStatus> getJobStatus() {
        if (statusFailure != null) {
            return CompletableFuture.failedFuture(statusFailure);
        }
        if (!states.isEmpty()) {
            last = states.poll();
        }
        return CompletableFuture.completedFuture(last);
    }

    @Override
    public CompletableFuture<Void> cancel() {
        cancellations.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }
}
