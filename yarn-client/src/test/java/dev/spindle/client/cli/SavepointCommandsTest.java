package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.client.cli.programs.UnboundedProgram;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.TestingDispatcherGateway;
import dev.spindle.jobmanager.TestingJarRunner;
import dev.spindle.rest.RestServer;
import dev.spindle.security.ClusterSecret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spindle savepoint}, {@code spindle stop} and {@code run -s/-n} in-process against a real
 * REST endpoint on loopback whose dispatcher is a testing double: the requests the cluster gets,
 * what the commands print, their JSON reports, their error lines and exit codes.
 */
class SavepointCommandsTest {
    private static final String PATH = "file:/savepoints/savepoint-3f2a1b-9c8d7e6f5a4b";

    @TempDir
    Path dir;

    private final TestingDispatcherGateway gateway = new TestingDispatcherGateway();
    private final JobId running = JobId.generate();
    private final JobId finished = JobId.generate();
    private RestServer server;
    private String[] cluster;

    @BeforeEach
    void startCluster() throws Exception {
        gateway.jobs.put(running, job(running, JobStatus.RUNNING));
        gateway.jobs.put(finished, job(finished, JobStatus.FINISHED));
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        ClusterSecret secret = ClusterSecret.generate();
        Path secretFile = dir.resolve("secret");
        secret.writeTo(secretFile);
        server = new RestServer(gateway, new TestingJarRunner(), dir.resolve("uploads"), secret, config);
        InetSocketAddress address = server.start();
        cluster = new String[] {"-m", "http://127.0.0.1:" + address.getPort(), "--secret-file", secretFile.toString()};
    }

    @AfterEach
    void stopCluster() {
        server.close();
    }

    /**
     * The error line of a run that failed after it triggered: stderr is the progress line, then the
     * error line, without a stack trace.
     */
    private static String errorAfterProgress(CliRun run, int exitCode) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertTrue(!run.err().contains("\tat "), run::toString);
        List<String> lines = run.errLines();
        assertEquals(2, lines.size(), run::toString);
        assertTrue(lines.get(0).endsWith("; waiting for it to complete"), lines.get(0));
        assertTrue(lines.get(1).startsWith("spindle: error: "), lines.get(1));
        return lines.get(1);
    }

    private static JobDetails job(JobId id, JobStatus status) {
        return new JobDetails(id, "streaming", status, 1000, status.isTerminal() ? 2000 : -1, 1100, List.of());
    }

    private CliRun cli(String command, String... args) {
        return CliRun.of(Stream.of(new String[] {command}, cluster, args)
                .flatMap(Stream::of)
                .toArray(String[]::new));
    }

    @Test
    void savepointPrintsThePathOnceItCompletedAndShowsProgressMeanwhile() throws Exception {
        CompletableFuture<String> savepoint = new CompletableFuture<>();
        gateway.savepointAnswer = type -> savepoint;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Stream.of(
                        new String[] {"savepoint", "-D", "client.progress.waiting-interval=1ms"},
                        cluster,
                        new String[] {running.toString(), "hdfs:///savepoints"})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SpindleCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        // In progress until the client said it still waits after polling at least twice.
        String waiting = "Still waiting for the savepoint of job " + running + " after ";
        while (!err.toString(StandardCharsets.UTF_8).contains(waiting) && !exit.isDone()) {
            Thread.onSpinWait();
        }
        savepoint.complete(PATH);

        assertEquals(ExitCodes.SUCCESS, exit.get(30, TimeUnit.SECONDS), err::toString);
        assertEquals("Savepoint completed. Path: " + PATH + "\n", out.toString(StandardCharsets.UTF_8));
        List<String> progress = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(
                "Triggering a savepoint of job " + running + " in hdfs:///savepoints; waiting for it to complete",
                progress.get(0));
        assertTrue(progress.stream().skip(1).allMatch(l -> l.startsWith(waiting)), progress::toString);
        assertEquals(List.of(running + " SAVEPOINT hdfs:///savepoints"), gateway.savepointRequests);
    }

    @Test
    void savepointAsJson() {
        CliRun run = cli("savepoint", "--output", "json", running.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(
                List.of(
                        "Savepoint completed. Path: file:/savepoints/savepoint-000000-000000000000",
                        "{\"jobId\":\"" + running
                                + "\",\"savepointPath\":\"file:/savepoints/savepoint-000000-000000000000\","
                                + "\"exitCode\":0,\"error\":null}"),
                run.out().lines().toList());
        assertEquals(List.of(running + " SAVEPOINT null"), gateway.savepointRequests);
    }

    @Test
    void aSavepointTheClusterCannotTakeIsOneLineAndExitCode10() {
        gateway.savepointAnswer =
                type -> CompletableFuture.failedFuture(new SavepointException("savepoints are not implemented yet"));
        CliRun run = cli("savepoint", "--output", "json", running.toString());
        String line = errorAfterProgress(run, ExitCodes.SAVEPOINT_FAILED);
        assertEquals(
                "spindle: error: the savepoint of job " + running + " failed: savepoints are not implemented yet",
                line);
        assertEquals(
                "{\"jobId\":\"" + running + "\",\"savepointPath\":null,\"exitCode\":10,\"error\":\"" + line + "\"}",
                run.out().lines().reduce((a, b) -> b).orElseThrow());

        CliRun stop = cli("stop", running.toString());
        assertEquals(
                "spindle: error: the savepoint of job " + running + " failed: savepoints are not implemented yet",
                errorAfterProgress(stop, ExitCodes.SAVEPOINT_FAILED));
        assertEquals("", stop.out());
    }

    @Test
    void anUnknownJobExits6() {
        JobId unknown = JobId.generate();
        for (String command : List.of("savepoint", "stop")) {
            String line = cli(command, unknown.toString()).assertOneErrorLine(ExitCodes.JOB_NOT_FOUND);
            assertEquals(
                    "spindle: error: no job " + unknown + " on the JobManager at " + cluster[1]
                            + " (see 'spindle list' for its jobs)",
                    line);
        }
        assertEquals(List.of(), gateway.savepointRequests);
    }

    @Test
    void aJobThatHasEndedIsExitCode10WithoutARequest() {
        String line = cli("stop", finished.toString()).assertOneErrorLine(ExitCodes.SAVEPOINT_FAILED);
        assertEquals(
                "spindle: error: job " + finished + " has already ended (FINISHED); there is nothing to stop (resume "
                        + "from its last savepoint or retained checkpoint with 'spindle run -s <path>')",
                line);
        assertTrue(cli("savepoint", finished.toString())
                .assertOneErrorLine(ExitCodes.SAVEPOINT_FAILED)
                .contains("there is nothing to take a savepoint of"));
        assertEquals(List.of(), gateway.savepointRequests);
    }

    @Test
    void aSavepointThatDoesNotCompleteInTimeIsExitCode10() {
        gateway.savepointAnswer = type -> new CompletableFuture<>();
        String line = errorAfterProgress(
                cli("savepoint", "-D", "client.savepoint.timeout=300ms", running.toString()),
                ExitCodes.SAVEPOINT_FAILED);
        assertEquals(
                "spindle: error: the savepoint of job " + running + " did not complete within 300ms "
                        + "(client.savepoint.timeout); it may still complete: see 'spindle checkpoints " + running
                        + "', or wait longer with -D client.savepoint.timeout=<duration>",
                line);
    }

    @Test
    void stopWithDrainAndAPathPrintsThePathAndThatTheJobStopped() {
        List<SavepointType> types = new ArrayList<>();
        gateway.savepointAnswer = type -> {
            types.add(type);
            return CompletableFuture.completedFuture(PATH);
        };
        CliRun run = cli("stop", "--output", "json", "-p", "hdfs://nn:8020/sp", "--drain", running.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(
                List.of(
                        "Savepoint completed. Path: " + PATH,
                        "Job " + running + " stopped",
                        "{\"jobId\":\"" + running + "\",\"savepointPath\":\"" + PATH + "\",\"applicationId\":null,"
                                + "\"finalStatus\":null,\"exitCode\":0,\"error\":null}"),
                run.out().lines().toList());
        assertEquals(
                List.of("Stopping job " + running + " with a savepoint (draining) in hdfs://nn:8020/sp; waiting for it "
                        + "to complete"),
                run.errLines());
        assertEquals(List.of(running + " STOP_AND_DRAIN hdfs://nn:8020/sp"), gateway.savepointRequests);

        CliRun plain = cli("stop", "--savepointPath", "/sp", running.toString());
        assertEquals(ExitCodes.SUCCESS, plain.exitCode(), plain::toString);
        assertEquals(List.of(SavepointType.STOP_AND_DRAIN, SavepointType.STOP), types);
    }

    @Test
    void badArgumentsAreUsageErrorsBeforeAnyRequest() {
        Map<List<String>, String> cases = Map.of(
                List.of("savepoint", running.toString(), "relative/dir"),
                "<targetDirectory> 'relative/dir' is not absolute: the cluster would read it relative to its own "
                        + "working directory; give an absolute path or a URI such as hdfs:///savepoints",
                List.of("savepoint", "12ab"),
                "<jobid> must be 32 hex digits, got '12ab'",
                List.of("stop", "-p", "hdfs://nn", running.toString()),
                "--savepoint-path 'hdfs://nn' is not absolute",
                List.of("stop", "-p", "a b:c", running.toString()),
                "--savepoint-path 'a b:c' is not a valid path or URI",
                List.of("stop"),
                "Missing required parameter: '<jobid>'");
        cases.forEach((args, expected) -> {
            String[] rest = args.subList(1, args.size()).toArray(String[]::new);
            String line = cli(args.get(0), rest).assertOneErrorLine(ExitCodes.USAGE_ERROR);
            assertTrue(line.contains(expected), line);
        });
        assertEquals(List.of(), gateway.savepointRequests);
    }

    @Test
    void runFromSavepointPutsThePathIntoTheJobsConfiguration() throws Exception {
        Path jar = TestJars.jar(dir.resolve("job.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);
        String[] args = Stream.of(
                        new String[] {"run", "-d", "-s", PATH, "--allowNonRestoredState"},
                        cluster,
                        new String[] {jar.toString()})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        Map<String, String> jobConfig = gateway.submitted.get(0).jobGraph().configuration();
        assertEquals(PATH, jobConfig.get(CheckpointingOptions.SAVEPOINT_PATH.key()));
        assertEquals("true", jobConfig.get(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key()));
    }

    @Test
    void fromSavepointWinsOverDAndWithoutNStateMustBeClaimed() throws Exception {
        Path jar = TestJars.jar(dir.resolve("job.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);
        String[] args = Stream.of(
                        new String[] {"run", "-d", "-D", "execution.savepoint.path=/other", "--fromSavepoint", "/sp/1"},
                        cluster,
                        new String[] {jar.toString()})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        Map<String, String> jobConfig = gateway.submitted.get(0).jobGraph().configuration();
        assertEquals("/sp/1", jobConfig.get(CheckpointingOptions.SAVEPOINT_PATH.key()));
        assertEquals(null, jobConfig.get(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key()));
    }

    @Test
    void aRelativeSavepointPathIsAUsageErrorOfRunAndRunApplication() {
        for (String command : List.of("run", "run-application")) {
            String line = CliRun.of(command, "-s", "savepoint-1", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);
            assertTrue(line.startsWith("spindle: error: -s/--fromSavepoint 'savepoint-1' is not absolute"), line);
        }
    }
}
