package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.JobListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * Tells the user about the jobs a program runs. The submission line goes to stdout because
 * schedulers (Airflow, Oozie) parse the job id from it, as they do from Flink's; the rest is progress
 * and goes to stderr. Failures are not printed here: the CLI reports them once, with its exit code.
 *
 * <p>Called on the program's thread (the one that calls {@code execute()}); state changes are
 * printed from the {@link JobStateFollower}'s thread.
 */
final class JobProgressPrinter implements JobListener, AutoCloseable {
    /** What is reported besides the submission line, which is always printed. */
    enum Reporting {
        /** Each job's end, as {@code execute()} sees it (local jobs: their states are not worth polling). */
        RESULTS,
        /** Each job's state changes and its end (attached to a cluster). */
        STATES_AND_RESULTS,
        /** Nothing more: {@code execute()} returned at submission and the jobs run on (detached). */
        SUBMISSIONS
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Reporting reporting;
    private final JobStateFollower states;
    private final List<JobClient> submitted = new ArrayList<>();

    /**
     * @param config the run's configuration: how often job states are polled and how long one
     *     request may take ({@code client.progress.*}, {@code client.rest.timeout})
     */
    JobProgressPrinter(PrintWriter out, PrintWriter err, Reporting reporting, Configuration config) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.reporting = Objects.requireNonNull(reporting, "reporting");
        this.states = reporting == Reporting.STATES_AND_RESULTS
                ? new JobStateFollower(
                        err,
                        config.get(ClientOptions.PROGRESS_POLL_INTERVAL),
                        config.get(ClientOptions.PROGRESS_WAITING_INTERVAL),
                        config.get(ClientOptions.REST_TIMEOUT))
                : null;
    }

    @Override
    public void onJobSubmitted(JobClient client) {
        submitted.add(client);
        out.println("Job has been submitted with JobID " + client.getJobId());
        out.flush();
        if (states != null) {
            states.follow(client);
        }
    }

    @Override
    public void onJobExecuted(JobExecutionResult result, Throwable failure) {
        if (result == null || reporting == Reporting.SUBMISSIONS) {
            return;
        }
        if (states != null) {
            states.stop(result.jobId());
        }
        err.println(
                "Job " + result.jobId() + " finished in " + result.netRuntime().toMillis() + " ms");
        err.flush();
    }

    int submittedJobs() {
        return submitted.size();
    }

    List<JobClient> submitted() {
        return List.copyOf(submitted);
    }

    /**
     * Waits for every job the program submitted, also those it did not wait for itself
     * ({@code executeAsync()}); throws the first failure: a job's, or the cluster's when it was lost
     * while a job ran.
     */
    void awaitSubmittedJobs() throws JobExecutionException, ClusterAccessException, InterruptedException {
        Exception first = null;
        for (JobClient client : submitted) {
            try {
                client.getJobExecutionResult().get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof JobExecutionException
                                    || e.getCause() instanceof ClusterAccessException
                            ? (Exception) e.getCause()
                            : new JobExecutionException(client.getJobId(), "job failed", e.getCause());
                }
            } finally {
                if (states != null) {
                    states.stop(client.getJobId());
                }
            }
        }
        if (first instanceof ClusterAccessException lost) {
            throw lost;
        }
        if (first != null) {
            throw (JobExecutionException) first;
        }
    }

    /** Stops following job states; nothing is printed afterwards. */
    @Override
    public void close() {
        if (states != null) {
            states.close();
        }
    }
}
