package dev.spindle.client.cli;

import dev.spindle.client.yarn.ClusterDeploymentException;
import dev.spindle.client.yarn.DeployedCluster;
import dev.spindle.client.yarn.DeploymentRequest;
import dev.spindle.client.yarn.KillOnClientExit;
import dev.spindle.client.yarn.PerJobApplication;
import dev.spindle.client.yarn.YarnDeployer;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.program.UserProgram;
import dev.spindle.rest.client.ClientHeartbeatSender;
import dev.spindle.rest.client.JobProgressSource;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestJobClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * {@code -t yarn-per-job}: the program's first {@code execute()} deploys a per-job cluster on YARN
 * with the job graph and the program's jar, whose ApplicationMaster runs that one job and ends with
 * it; the job is then followed through the cluster's REST endpoint. A second job is refused: a
 * per-job cluster runs one. The AM may end (and its REST endpoint go) before the last poll sees the
 * result: the job's fate is then the application's final status as YARN reports it.
 *
 * <p>Attached, the client holds a lease on its cluster: it sends heartbeats every
 * {@code client.heartbeat.interval} (by default a third of the timeout) until the job ends ({@link ClientHeartbeatSender}), and the
 * cluster shuts down once they stop for {@code client.heartbeat.timeout} (a client killed with
 * SIGKILL). Until the application has ended, a shutdown of this JVM (Ctrl-C, SIGTERM) kills it
 * ({@link KillOnClientExit}).
 */
final class YarnPerJobTarget implements RunTarget {
    static final String NAME = "yarn-per-job";

    private final YarnConfiguration hadoopConfig;
    private final List<Path> runtimeJars;
    private final Configuration config;
    private final boolean detached;
    private final PrintStream out;
    private final PrintStream progress;
    private PerJobApplication application;
    private volatile String finalStatus;
    private ClientHeartbeatSender heartbeats;
    private KillOnClientExit killOnExit;

    /**
     * @param config the cluster's and the jobs' configuration (the command's {@code -D} and {@code -p})
     * @param detached whether the command returns once the job is submitted (then it holds no lease)
     * @param out where {@code Submitted application …} goes
     * @param progress where the deployment's progress goes
     */
    YarnPerJobTarget(
            YarnConfiguration hadoopConfig,
            List<Path> runtimeJars,
            Configuration config,
            boolean detached,
            PrintStream out,
            PrintStream progress) {
        this.hadoopConfig = hadoopConfig;
        this.runtimeJars = List.copyOf(runtimeJars);
        this.config = config;
        this.detached = detached;
        this.out = out;
        this.progress = progress;
    }

    @Override
    public PipelineExecutor newExecutor(UserProgram program) {
        return (jobGraph, userClassLoader) -> CompletableFuture.completedFuture(deploy(jobGraph, program.jar()));
    }

    private synchronized JobClient deploy(JobGraph jobGraph, Path jar)
            throws ClusterDeploymentException, InterruptedException {
        if (application != null) {
            throw new UnsupportedOperationException("per-job mode runs one job per program, and job " + jobGraph.name()
                    + " is a second one; use -t yarn-session for programs that run several jobs");
        }
        DeployedCluster cluster = new YarnDeployer(hadoopConfig, runtimeJars, out, progress)
                .deploy(DeploymentRequest.perJob(
                        config, jobGraph.name(), JobGraphCodec.toBytes(jobGraph), List.of(jar), !detached));
        if (!detached) {
            killOnExit = KillOnClientExit.install(hadoopConfig, cluster, progress);
        }
        application = new PerJobApplication(
                hadoopConfig, config, cluster, progress, config.get(ClientOptions.YARN_POLL_INTERVAL));
        RestClient restClient =
                new RestClient(URI.create(cluster.restUrl()), cluster.secret(), config.get(ClientOptions.REST_TIMEOUT));
        RestJobClient rest = new RestJobClient(
                restClient, jobGraph.jobId(), jobGraph.name(), config.get(ClientOptions.POLL_INTERVAL));
        PerJobClient job = new PerJobClient(rest, jobGraph.name(), application);
        if (!detached) {
            heartbeats = ClientHeartbeatSender.start(
                    restClient, jobGraph.jobId(), ClientOptions.clientHeartbeatInterval(config));
            ClientHeartbeatSender sender = heartbeats;
            job.getJobExecutionResult().whenComplete((r, t) -> sender.close());
        }
        return job;
    }

    @Override
    public boolean jobsOutliveClient() {
        return true;
    }

    @Override
    public synchronized String detachedHint(JobId jobId) {
        if (application == null) {
            return RunTarget.super.detachedHint(jobId);
        }
        String appId = application.cluster().applicationId().toString();
        return "its cluster, application " + appId + ", ends with it; see it with 'spindle list -yid " + appId
                + "', cancel it with 'spindle cancel -yid " + appId + " " + jobId + "'";
    }

    /**
     * Attached: waits until YARN reports the application ended, so that its staging directory is
     * gone; then the heartbeats stop and a shutdown no longer kills the application.
     */
    @Override
    public void afterProgram(boolean detached) throws ClusterDeploymentException, InterruptedException {
        PerJobApplication deployed;
        synchronized (this) {
            deployed = application;
        }
        if (deployed != null && !detached) {
            try {
                ApplicationReport report = deployed.awaitEnd();
                finalStatus = report.getFinalApplicationStatus().name();
                progress.println(
                        "Application " + report.getApplicationId() + " ended " + report.getFinalApplicationStatus());
                progress.flush();
            } finally {
                // Ended, or YARN cannot be reached (then the hook could not kill it either).
                synchronized (this) {
                    if (heartbeats != null) {
                        heartbeats.close();
                    }
                    if (killOnExit != null) {
                        killOnExit.close();
                    }
                }
            }
        }
    }

    @Override
    public synchronized String applicationId() {
        return application != null ? application.cluster().applicationId().toString() : null;
    }

    @Override
    public synchronized String restUrl() {
        return application != null ? application.cluster().restUrl() : null;
    }

    @Override
    public String applicationFinalStatus() {
        return finalStatus;
    }

    /** The job on the per-job cluster: its REST client, with YARN's final status when the cluster went first. */
    private static final class PerJobClient implements JobClient, JobProgressSource {
        private final RestJobClient rest;
        private final CompletableFuture<JobExecutionResult> result;

        PerJobClient(RestJobClient rest, String jobName, PerJobApplication application) {
            this.rest = rest;
            JobId id = rest.getJobId();
            this.result = rest.getJobExecutionResult()
                    .handle((r, t) -> {
                        if (t == null) {
                            return CompletableFuture.completedFuture(r);
                        }
                        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                        boolean lostContact = cause instanceof JobExecutionException
                                && !(cause instanceof JobCancellationException)
                                && cause.getCause() instanceof IOException;
                        if (lostContact || cause instanceof JobCancellationException) {
                            // YARN knows why: a kill, the client's lease, a cancel; its diagnostics say which.
                            return CompletableFuture.supplyAsync(() -> fromReport(id, jobName, application));
                        }
                        return CompletableFuture.<JobExecutionResult>failedFuture(cause);
                    })
                    .thenCompose(f -> f);
        }

        private static JobExecutionResult fromReport(JobId id, String jobName, PerJobApplication application) {
            ApplicationReport report;
            try {
                report = application.awaitEnd();
            } catch (ClusterDeploymentException e) {
                throw new CompletionException(
                        new JobExecutionException(id, "lost track of job " + id + ": " + e.getMessage(), e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(
                        new JobExecutionException(id, "interrupted while following job " + id, e));
            }
            FinalApplicationStatus status = report.getFinalApplicationStatus();
            return switch (status) {
                case SUCCEEDED -> new JobExecutionResult(id, jobName, Duration.ZERO, Map.of());
                case KILLED ->
                    throw new CompletionException(new JobCancellationException(
                            id, "application " + report.getApplicationId() + " ended KILLED: " + diagnostics(report)));
                default ->
                    throw new CompletionException(
                            new JobExecutionException(id, "job " + id + " failed: " + diagnostics(report), null));
            };
        }

        /** YARN's diagnostics on one line, without the stack frames of a job's failure. */
        private static String diagnostics(ApplicationReport report) {
            String text = report.getDiagnostics() == null ? "" : report.getDiagnostics();
            String line = text.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.matches("at \\S+\\(.*\\)|\\.\\.\\. \\d+ more"))
                    .collect(Collectors.joining(" "));
            return line.isEmpty() ? "(YARN gave no diagnostics)" : line;
        }

        @Override
        public JobId getJobId() {
            return rest.getJobId();
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return rest.getJobStatus();
        }

        @Override
        public CompletableFuture<JobProgress> getJobProgress() {
            return rest.getJobProgress();
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return rest.cancel();
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return result;
        }
    }
}
