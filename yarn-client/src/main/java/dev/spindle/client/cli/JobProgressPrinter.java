package dev.spindle.client.cli;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobListener;
import java.io.PrintWriter;
import java.util.Objects;

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
    private int submittedJobs;

    JobProgressPrinter(PrintWriter out, PrintWriter err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public void onJobSubmitted(JobClient client) {
        submittedJobs++;
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
        return submittedJobs;
    }
}
