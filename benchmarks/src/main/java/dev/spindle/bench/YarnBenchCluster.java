package dev.spindle.bench;

import static dev.spindle.bench.JobProbes.TIMEOUT_MILLIS;

import dev.spindle.client.yarn.ClusterDeploymentException;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.core.JobId;
import dev.spindle.rest.client.RestClient;
import dev.spindle.util.ProcessCommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The YARN cluster of a {@link YarnBench}: Spindle's CLI run as a user runs it against the
 * cluster's configuration directory (its output passed on to stderr), YARN's reports of the
 * application and its containers, and a container's JVM on this machine.
 */
final class YarnBenchCluster implements AutoCloseable {
    static final String KEYED_COUNT = "dev.spindle.examples.KeyedCount";
    private static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern REST_URL = Pattern.compile("REST endpoint (http://\\S+)");

    private static final PrintStream LOG = System.err;

    private final Path confDir;
    private final YarnClient yarn;

    private YarnBenchCluster(Path confDir, YarnClient yarn) {
        this.confDir = confDir;
        this.yarn = yarn;
    }

    /** A started YARN client of the cluster of {@code confDir}; the CLI commands are given that directory too. */
    static YarnBenchCluster connect(Path confDir) throws ClusterDeploymentException {
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(HadoopConfigs.load(confDir));
        yarn.start();
        return new YarnBenchCluster(confDir, yarn);
    }

    YarnClient yarn() {
        return yarn;
    }

    /** A detached per-job {@code spindle run} was submitted: what it printed, and when it started. */
    record Submitted(ApplicationId app, JobId job, RestClient rest, long startMillis) {}

    /** Runs a detached {@code spindle run} command to its end and reads the application, job and REST endpoint it printed. */
    Submitted submit(String label, List<String> command, Path dir, String prefix) throws Exception {
        CompletableFuture<String> appId = new CompletableFuture<>();
        CompletableFuture<String> jobId = new CompletableFuture<>();
        CompletableFuture<String> restUrl = new CompletableFuture<>();
        CliProcess cli = run(
                label,
                command,
                dir,
                Map.of(SUBMITTED_APP, appId, SUBMITTED_JOB, jobId, REST_URL, restUrl),
                prefix,
                "spindle run -d");
        return new Submitted(
                ApplicationId.fromString(appId.getNow("none")),
                JobId.fromHex(jobId.getNow("none")),
                new RestClient(URI.create(restUrl.getNow("none")), null, Duration.ofSeconds(5)),
                cli.startMillis());
    }

    /** Runs a CLI command to its end; fails, naming it as {@code what}, unless it exits 0. */
    CliProcess run(
            String label,
            List<String> command,
            Path dir,
            Map<Pattern, CompletableFuture<String>> watched,
            String prefix,
            String what)
            throws Exception {
        CliProcess cli = start(label, command, dir, watched, prefix);
        if (cli.waitFor(TIMEOUT_MILLIS / 1000) != 0) {
            throw new IllegalStateException(what + " failed (its output is above)");
        }
        return cli;
    }

    /** Starts a CLI command with the cluster's configuration, logged as {@code label: command}. */
    CliProcess start(
            String label,
            List<String> command,
            Path dir,
            Map<Pattern, CompletableFuture<String>> watched,
            String prefix)
            throws IOException {
        LOG.println(label + ": " + String.join(" ", command));
        return CliProcess.start(command, Map.of("HADOOP_CONF_DIR", confDir.toString()), dir, watched, LOG, prefix);
    }

    /** Polls YARN every {@code pollMillis} until the application has ended (at most {@value JobProbes#TIMEOUT_MILLIS} ms). */
    ApplicationReport awaitEnd(ApplicationId app, long pollMillis) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(app);
            YarnApplicationState s = report.getYarnApplicationState();
            if (s == YarnApplicationState.FINISHED
                    || s == YarnApplicationState.FAILED
                    || s == YarnApplicationState.KILLED) {
                return report;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "application " + app + " still " + s + " after " + TIMEOUT_MILLIS + " ms");
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * The ids of the application's running TaskManager containers, in order: of every attempt, but
     * no attempt's ApplicationMaster. The attempts are read again after the containers, since a new
     * attempt's ApplicationMaster container may be listed running before an earlier attempt report
     * named it.
     */
    Set<String> taskManagers(ApplicationId app) throws IOException, YarnException {
        Set<String> running = new TreeSet<>();
        for (ApplicationAttemptReport attempt : yarn.getApplicationAttempts(app)) {
            for (ContainerReport c : yarn.getContainers(attempt.getApplicationAttemptId())) {
                if (c.getContainerState() == ContainerState.RUNNING) {
                    running.add(c.getContainerId().toString());
                }
            }
        }
        Set<String> amContainers = new HashSet<>();
        yarn.getApplicationAttempts(app).forEach(a -> amContainers.add(String.valueOf(a.getAMContainerId())));
        running.removeAll(amContainers);
        return running;
    }

    /**
     * The JVM of a container: the java process whose command line names the container (its log
     * directory); the whole command line, which the JDK does not give past 4 KB.
     */
    static ProcessHandle containerJvm(String containerId) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> ProcessCommandLines.of(p).orElse("").contains(containerId))
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one JVM of container " + containerId + ", found " + found);
        }
        return found.get(0);
    }

    /** SIGKILL to a process, as a crash of its machine's JVM; returns the time it was sent. */
    static long kill(ProcessHandle process) {
        long killedAt = System.currentTimeMillis();
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to " + process.pid());
        }
        return killedAt;
    }

    @Override
    public void close() throws IOException {
        yarn.close();
    }
}
