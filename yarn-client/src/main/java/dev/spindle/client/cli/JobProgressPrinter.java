package dev.spindle.client.cli;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobListener;
import dev.spindle.api.JobExecutionException;
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
 * <p>Called on the program's thread (the one that calls {@code execute()}).
 */
final class JobProgressPrinter implements JobListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<JobClient> submitted = new ArrayList<>();

    JobProgressPrinter(PrintWriter out, PrintWriter err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public void onJobSubmitted(JobClient client) {
        submitted.add(client);
        out.println("Job has been submitted with JobID " + client.getJobId());
        out.flush();
    }

    @Override
    public void onJobExecuted(JobExecutionResult result, Throwable failure) {
        if (result != null) {
            err.println("Job " + result.jobId() + " finished in " + result.netRuntime().toMillis() + " ms");
            err.flush();
        }
    }

    int submittedJobs() {
        return submitted.size();
    }

    /**
     * Waits for every job the program submitted, also those it did not wait for itself
     * ({@code executeAsync()}); throws the first failure.
     */
    void awaitSubmittedJobs() throws JobExecutionException, InterruptedException {
        JobExecutionException first = null;
        for (JobClient client : submitted) {
            try {
                client.getJobExecutionResult().get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof JobExecutionException j
                            ? j : new JobExecutionException(client.getJobId(), "job failed", e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
