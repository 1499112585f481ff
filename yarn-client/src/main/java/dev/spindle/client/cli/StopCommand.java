package dev.spindle.client.cli;

import dev.spindle.checkpoint.SavepointType;
import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.client.yarn.YarnSessionClient;
import dev.spindle.config.ClientOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle stop [--savepoint-path <dir>] [--drain] <jobid>}: stops a job with a savepoint (its
 * sources stop, the savepoint is taken, its sinks commit, it ends FINISHED) and prints the
 * savepoint's path. A per-job or application cluster on YARN ends with its only job: when no other
 * job of it is running, the command also waits until YARN reports the application ended and prints its final status. The JSON
 * report's keys: {@code jobId}, {@code savepointPath}, {@code applicationId} and {@code finalStatus}
 * (YARN's, for a per-job or application cluster; else null), {@code exitCode}, {@code error}.
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stops a running job with a savepoint: its sources stop, a last savepoint is taken, its sinks commit "
                    + "and it ends FINISHED; prints the savepoint's path, from which 'spindle run -s <path>' "
                    + "resumes it without losing or repeating a record. The per-job or application cluster on YARN "
                    + "of the job ends with it: the command waits for YARN's final status and prints it.",
            "Options go before <jobid>."
        })
public final class StopCommand implements Callable<Integer> {
    /** The modes of a cluster that ends with its job ({@code cluster.mode}). */
    private static final Set<String> ENDS_WITH_ITS_JOB = Set.of("per-job", "application");

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-p", "--savepoint-path", "--savepointPath"},
            paramLabel = "<dir>",
            order = 1,
            description = "Where the savepoint's directory is created (a path or URI the cluster can write, e.g. "
                    + "hdfs:///savepoints). Default: the cluster's state.savepoints.dir.")
    private String savepointPath;

    @Option(
            names = {"-d", "--drain"},
            order = 2,
            description = "Drain before stopping: the sources end as if their input had ended, so that every operator "
                    + "emits its final results (keyed aggregations, windows). For a job that will not be resumed.")
    private boolean drain;

    @Parameters(
            index = "0",
            paramLabel = "<jobid>",
            description = "The job's id: 32 hex digits, as 'spindle list' shows.")
    private String jobIdText;

    @Mixin
    private JobClusterOptions clusterOptions;

    @Mixin
    private SavepointOutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("jobId", jobIdText);
        report.put("savepointPath", null);
        report.put("applicationId", null);
        report.put("finalStatus", null);
        return output.run(report, out, () -> {
            JobId jobId = SavepointArguments.jobId(spec, jobIdText);
            String target = SavepointArguments.directory(spec, savepointPath, "--savepoint-path");
            ClusterConnection connection = clusterOptions.connect(spec, "stop", true);
            ApplicationId application = clusterOptions.yarnApplication();
            boolean endsWithJob = application != null && endsWithJob(connection, jobId);
            if (endsWithJob) {
                report.put("applicationId", application.toString());
            }
            SavepointTrigger trigger =
                    new SavepointTrigger(connection, spec.commandLine().getErr(), clusterOptions.configuration());
            SavepointType type = drain ? SavepointType.STOP_AND_DRAIN : SavepointType.STOP;
            String path;
            try {
                path = trigger.run(jobId, target, type);
            } catch (ClusterAccessException e) {
                if (!endsWithJob) {
                    throw e;
                }
                // The cluster may end with its job before the savepoint's status was read.
                ApplicationReport ended = awaitApplicationEnd(application);
                if (!YarnSessionClient.ended(ended)) {
                    throw e;
                }
                report.put("finalStatus", printFinalStatus(ended));
                throw new ClusterAccessException(
                        "YARN application " + application + " ended " + report.get("finalStatus")
                                + " before the savepoint's path could be read from it (" + e.getMessage() + "); if it "
                                + "SUCCEEDED, the job stopped with a savepoint: the newest savepoint-* directory under "
                                + (target != null ? target : "state.savepoints.dir"),
                        e);
            }
            report.put("savepointPath", path);
            out.println(SavepointCommand.COMPLETED + path);
            out.println("Job " + jobId + " stopped");
            out.flush();
            if (endsWithJob) {
                ApplicationReport ended = awaitApplicationEnd(application);
                if (!YarnSessionClient.ended(ended)) {
                    throw new ClusterAccessException("job " + jobId + " stopped, but YARN application " + application
                            + " is still " + ended.getYarnApplicationState() + " after "
                            + stopTimeout().toSeconds()
                            + " s (client.yarn.stop-timeout); see 'yarn application -status " + application + "'");
                }
                report.put("finalStatus", printFinalStatus(ended));
            }
            return ExitCodes.SUCCESS;
        });
    }

    /**
     * Whether the cluster is a per-job or application cluster whose only job that has not ended is
     * this one: then it ends with the job.
     */
    private static boolean endsWithJob(ClusterConnection connection, JobId jobId) throws ClusterAccessException {
        if (!ENDS_WITH_ITS_JOB.contains(connection.overview().clusterMode())) {
            return false;
        }
        return connection.listJobs().stream()
                .filter(j -> !j.jid().equals(jobId.toString()))
                .allMatch(j -> JobStatus.valueOf(j.state()).isTerminal());
    }

    /** Waits at most {@code client.yarn.stop-timeout} for YARN to report the application ended. */
    private ApplicationReport awaitApplicationEnd(ApplicationId application)
            throws ClusterAccessException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Waiting for YARN application " + application + " to end");
        err.flush();
        return clusterOptions.yarnClient(WriterPrintStream.of(err)).awaitEnd(application, stopTimeout());
    }

    private Duration stopTimeout() {
        return clusterOptions.configuration().get(ClientOptions.YARN_STOP_TIMEOUT);
    }

    /** Prints how the application ended; returns its final status. */
    private String printFinalStatus(ApplicationReport ended) {
        PrintWriter out = spec.commandLine().getOut();
        String status = ended.getFinalApplicationStatus().name();
        out.println("Application " + ended.getApplicationId() + " ended " + ended.getYarnApplicationState() + " ("
                + status + ")");
        out.flush();
        return status;
    }
}
