package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One jar run's answer and the gate its program's submissions pass: the answer is the jobs
 * submitted up to the first one, or a failure; once it is a failure (or "no job"), the gate is
 * closed and every later submission of the program, from any of its threads, is refused. So a
 * client answered with a failure can rely on nothing of the run running, and one answered with a
 * job knows that it runs.
 *
 * <p>A submission already let through when a failure comes (the timeout, or main() failing on
 * another thread) decides: if it is accepted, the run is answered with its job; if not, with the
 * failure. Thread-safe: the program's threads, the dispatcher's and the timer call it.
 */
final class JarRun {
    private static final Logger LOG = LoggerFactory.getLogger(JarRun.class);

    private final String name;
    private final CompletableFuture<List<JobId>> answer = new CompletableFuture<>();
    private final List<JobId> jobs = new ArrayList<>();
    private int inFlight;
    private boolean closed;
    private boolean mainEnded;
    private Throwable pendingFailure;

    /** @param name the run as the log names it (the jar) */
    JarRun(String name) {
        this.name = name;
    }

    /** Completes with the first job (a list of one) or with the run's failure; an empty list: main() ended without a job. */
    CompletableFuture<List<JobId>> answer() {
        return answer;
    }

    /** {@code executor}, with every submission passing this run's gate. */
    PipelineExecutor gate(PipelineExecutor executor) {
        return (graph, loader) -> {
            admit(graph.name());
            CompletableFuture<JobClient> submission;
            try {
                submission = executor.execute(graph, loader);
            } catch (Exception | Error e) {
                notSubmitted();
                throw e;
            }
            return submission.whenComplete((client, failure) -> {
                if (failure == null) {
                    submitted(client.getJobId());
                } else {
                    notSubmitted();
                }
            });
        };
    }

    private synchronized void admit(String jobName) {
        if (closed) {
            throw new IllegalStateException(
                    "the jar run of " + name + " was answered with a failure; its job '" + jobName + "' is not run");
        }
        inFlight++;
    }

    private synchronized void submitted(JobId id) {
        inFlight--;
        jobs.add(id);
        answer.complete(List.copyOf(jobs));
    }

    private synchronized void notSubmitted() {
        inFlight--;
        settleIfIdle();
    }

    /** main() has returned ({@code failure} null) or thrown. */
    synchronized void mainEnded(Throwable failure) {
        mainEnded = true;
        if (failure != null) {
            fail(failure);
        } else {
            settleIfIdle();
        }
    }

    /**
     * Fails the run unless it was answered already: at once when no submission is under way, else
     * when the submissions under way have all been refused.
     */
    synchronized void fail(Throwable failure) {
        if (answer.isDone()) {
            LOG.warn("The jar run of {} failed after it was answered: {}", name, failure.getMessage());
            return;
        }
        if (pendingFailure == null) {
            pendingFailure = failure;
        }
        settleIfIdle();
    }

    private void settleIfIdle() {
        if (inFlight > 0 || answer.isDone()) {
            return;
        }
        if (pendingFailure != null) {
            closed = true;
            answer.completeExceptionally(pendingFailure);
        } else if (mainEnded) {
            closed = true;
            answer.complete(List.of());
        }
    }
}
