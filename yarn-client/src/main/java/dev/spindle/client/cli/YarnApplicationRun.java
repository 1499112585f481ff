package dev.spindle.client.cli;

import dev.spindle.client.yarn.ApplicationEndedException;
import dev.spindle.client.yarn.ClusterDeploymentException;
import dev.spindle.client.yarn.DeployedCluster;
import dev.spindle.client.yarn.DeploymentRequest;
import dev.spindle.client.yarn.KillOnClientExit;
import dev.spindle.client.yarn.PerJobApplication;
import dev.spindle.client.yarn.YarnDeployer;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.program.ProgramLoadException;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * {@code -t yarn-application}: the program's main() runs in the ApplicationMaster of a cluster of
 * its own, which ends when main() has returned and its jobs have ended. The client checks the jar
 * and its main class here first (so that a wrong jar leaves nothing behind on YARN), deploys, and
 * follows the jobs through the REST endpoint ({@link ApplicationJobWatcher}). Attached, it waits
 * for the application's end (a SIGTERM or Ctrl-C of the client kills the application); detached, it
 * returns once the ApplicationMaster serves.
 */
final class YarnApplicationRun {
    static final String NAME = "yarn-application";

    /**
     * How a run ended: what the command prints, and could print as JSON.
     *
     * @param applicationId the YARN application
     * @param restUrl its REST endpoint, or null if the application ended before it was seen
     * @param jobStates the jobs seen through the REST endpoint, in order, with their last states seen
     * @param finalStatus YARN's final status; UNDEFINED when detached (the application runs on)
     * @param error the error line of an application that did not succeed, or null
     */
    record Result(
            ApplicationId applicationId,
            String restUrl,
            Map<String, String> jobStates,
            FinalApplicationStatus finalStatus,
            String error) {
        int exitCode() {
            return finalStatus == FinalApplicationStatus.SUCCEEDED || finalStatus == FinalApplicationStatus.UNDEFINED
                    ? ExitCodes.SUCCESS
                    : ExitCodes.JOB_FAILED;
        }
    }

    private final YarnConfiguration hadoopConfig;
    private final List<Path> runtimeJars;
    private final PrintWriter out;
    private final PrintWriter err;

    YarnApplicationRun(YarnConfiguration hadoopConfig, List<Path> runtimeJars, PrintWriter out, PrintWriter err) {
        this.hadoopConfig = hadoopConfig;
        this.runtimeJars = List.copyOf(runtimeJars);
        this.out = out;
        this.err = err;
    }

    /**
     * What the AM will run, checked here: the jar is a jar and holds the main class with its
     * main(String[]); returns the class's name.
     */
    static String checkProgram(ProgramOptions program) throws ProgramLoadException {
        try (UserProgram loaded = program.load(YarnApplicationRun.class.getClassLoader())) {
            return loaded.mainClassName();
        } catch (IOException e) {
            throw new ProgramLoadException(
                    "cannot close " + program.jar() + " after checking it: " + e.getMessage(), e);
        }
    }

    /**
     * Deploys the application running {@code mainClass} of the program's jar, and follows it.
     *
     * @param config the cluster's and the jobs' configuration: the program's, with what the CLI adds
     */
    Result run(ProgramOptions program, Configuration config, String mainClass, boolean detached)
            throws ClusterDeploymentException, InterruptedException {
        YarnDeployer deployer =
                new YarnDeployer(hadoopConfig, runtimeJars, WriterPrintStream.of(out), WriterPrintStream.of(err));
        DeployedCluster cluster;
        try {
            cluster = deployer.deploy(DeploymentRequest.application(
                    config, program.jar().toAbsolutePath(), mainClass, program.programArgs()));
        } catch (ApplicationEndedException e) {
            return ended(e.report(), null, Map.of());
        }
        PerJobApplication application = new PerJobApplication(
                hadoopConfig, config, cluster, WriterPrintStream.of(err), config.get(ClientOptions.YARN_POLL_INTERVAL));
        RestClient rest = new RestClient(URI.create(cluster.restUrl()), null, config.get(ClientOptions.REST_TIMEOUT));
        try (ApplicationJobWatcher jobs = new ApplicationJobWatcher(rest, out, err)) {
            if (detached) {
                jobs.poll();
                String appId = cluster.applicationId().toString();
                err.println("Application " + appId + " runs detached (REST endpoint " + cluster.restUrl()
                        + "); list its "
                        + "jobs with 'spindle list -yid " + appId + "', cancel one (which ends the application) with "
                        + "'spindle cancel -yid " + appId + " <jobId>'");
                err.flush();
                return new Result(
                        cluster.applicationId(),
                        cluster.restUrl(),
                        jobs.jobStates(),
                        FinalApplicationStatus.UNDEFINED,
                        null);
            }
            // SIGINT/SIGTERM while attached: the application goes with the client, as in per-job mode.
            KillOnClientExit killOnExit = KillOnClientExit.install(hadoopConfig, cluster, WriterPrintStream.of(err));
            try {
                jobs.start(config.get(ClientOptions.POLL_INTERVAL));
                ApplicationReport report = application.awaitEnd();
                jobs.stop();
                if (report.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED) {
                    jobs.allFinished();
                }
                return ended(report, cluster.restUrl(), jobs.jobStates());
            } finally {
                killOnExit.close();
            }
        }
    }

    private Result ended(ApplicationReport report, String restUrl, Map<String, String> jobStates) {
        FinalApplicationStatus status = report.getFinalApplicationStatus();
        err.println("Application " + report.getApplicationId() + " ended " + status);
        String error = null;
        if (status != FinalApplicationStatus.SUCCEEDED) {
            error = CliExceptionHandler.ERROR_PREFIX + PerJobApplication.describeEnd(report);
            err.println(error);
        }
        err.flush();
        return new Result(report.getApplicationId(), restUrl, jobStates, status, error);
    }
}
