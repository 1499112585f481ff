package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle cancel <jobid>}: asks the cluster to cancel a job, then waits a few seconds for
 * it to be CANCELED, so that the common case ends with a definite answer. A job that has already
 * ended is not an error: the caller (often a scheduler killing its task) wants it not running,
 * and it is not; this makes the command safe to repeat.
 */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Cancels a job on a cluster and waits up to a few seconds for it to be CANCELED. A job that has "
                    + "already ended is left as it is (exit code 0)."
        })
public final class CancelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "<jobid>",
            description = "The job's id: 32 hex digits, as 'spindle list' shows.")
    private String jobIdText;

    @Mixin
    private JobClusterOptions clusterOptions;

    @Override
    public Integer call() throws Exception {
        JobId jobId = parseJobId();
        ClusterConnection connection = connect();
        PrintWriter out = spec.commandLine().getOut();
        JobStatus before = JobStatus.valueOf(connection.jobDetails(jobId).state());
        if (before.isTerminal()) {
            out.println("Job " + jobId + " has already ended (" + before + "); nothing to cancel");
            out.flush();
            return ExitCodes.SUCCESS;
        }
        connection.cancel(jobId);
        JobStatus now;
        try {
            now = awaitTerminal(connection, jobId, clusterOptions.configuration());
        } catch (ClusterAccessException e) {
            // A per-job or application cluster ends with its jobs: the endpoint that accepted the
            // cancellation may be gone before the job's end is seen.
            out.println("Cancellation of job " + jobId + " requested; the cluster stopped answering since ("
                    + "a per-job or application cluster ends with its jobs)");
            out.flush();
            return ExitCodes.SUCCESS;
        }
        if (now == JobStatus.CANCELED) {
            out.println("Cancelled job " + jobId);
        } else if (now.isTerminal()) {
            out.println("Job " + jobId + " ended " + now + " before it could be cancelled");
        } else {
            out.println("Cancellation of job " + jobId + " requested (it is " + now + "); see 'spindle list'");
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private JobId parseJobId() {
        try {
            return JobId.fromHex(jobIdText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "<jobid> must be 32 hex digits, got '" + jobIdText + "'");
        }
    }

    /** The job's state once it is terminal, or its last state after {@code client.cancel.timeout}. */
    private static JobStatus awaitTerminal(ClusterConnection connection, JobId jobId, Configuration config)
            throws Exception {
        long deadline =
                System.nanoTime() + config.get(ClientOptions.CANCEL_TIMEOUT).toNanos();
        long pollMillis = config.get(ClientOptions.POLL_INTERVAL).toMillis();
        while (true) {
            JobStatus status = JobStatus.valueOf(connection.jobDetails(jobId).state());
            if (status.isTerminal() || System.nanoTime() >= deadline) {
                return status;
            }
            Thread.sleep(pollMillis);
        }
    }

    private ClusterConnection connect() throws ClusterAccessException {
        return clusterOptions.connect(spec, "cancel", true);
    }
}
