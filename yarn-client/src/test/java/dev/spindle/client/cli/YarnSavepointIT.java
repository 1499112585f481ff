package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.yarn.MiniYarn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints on YARN (a MiniYARNCluster), through the CLI as a user or scheduler runs it: a
 * per-job keyed count stopped with {@code spindle stop} ends its application SUCCEEDED with the
 * savepoint's path in the output and in {@code --output json}; a keyed count stopped with a
 * savepoint in a YARN session is resumed from it as an application-mode job, and the two runs'
 * committed output together is exactly the counts computed without the engine.
 */
class YarnSavepointIT {
    private static final long WAIT_MILLIS = 120_000;
    private static final long KEYS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-savepoint-it", dir.resolve("conf"), 2048);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void stoppingAPerJobJobEndsItsApplicationSucceededWithTheSavepointPath() throws Exception {
        Path output = dir.resolve("per-job-counts");
        CliRun run = spindle(
                "run",
                "-t",
                "yarn-per-job",
                "-d",
                "-p",
                "2",
                "-c",
                "dev.spindle.examples.KeyedCount",
                WordCountFiles.examplesJar().toString(),
                "--keys",
                Long.toString(KEYS),
                "--checkpoint-interval",
                "200",
                "--records",
                "1000000",
                "--rate",
                "5000",
                "--output",
                output.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        String jobId = find(SUBMITTED_JOB, run.out());
        awaitCheckpoint(appId, jobId);

        long t0 = System.nanoTime();
        CliRun stop = spindle(
                "stop", "-yid", appId.toString(), "-p", savepoints().toUri().toString(), "--output", "json", jobId);
        System.out.printf("YarnSavepointIT: stop returned after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(ExitCodes.SUCCESS, stop.exitCode(), stop::toString);
        String path = find(java.util.regex.Pattern.compile("Savepoint completed\\. Path: (\\S+)"), stop.out());
        JsonNode json = lastJson(stop.out());
        assertEquals(path, json.get("savepointPath").asText());
        assertEquals(jobId, json.get("jobId").asText());
        assertEquals(appId.toString(), json.get("applicationId").asText());
        assertEquals("SUCCEEDED", json.get("finalStatus").asText());
        assertTrue(Files.exists(Path.of(URI.create(path)).resolve("_metadata")), path);

        ApplicationReport report = awaitEnd(appId);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(KeyedCountOutput.committedLines(output).size() < 1_000_000, "stopped before its end");
    }

    @Test
    void aSessionJobsSavepointResumesAsAnApplicationModeJobExactly() throws Exception {
        long records = 40_000;
        CliRun started = session("-d", "-nm", "it-savepoints", "-jm", "512", "-tm", "512", "-s", "2");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId session = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));

        Path first = dir.resolve("session-counts");
        CliRun run = spindle(
                "run",
                "-t",
                "yarn-session",
                "-yid",
                session.toString(),
                "-d",
                "-p",
                "2",
                "-c",
                "dev.spindle.examples.KeyedCount",
                WordCountFiles.examplesJar().toString(),
                "--keys",
                Long.toString(KEYS),
                "--checkpoint-interval",
                "200",
                "--records",
                Long.toString(records),
                "--rate",
                "4000",
                "--output",
                first.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        String jobId = find(SUBMITTED_JOB, run.out());
        awaitCheckpoint(session, jobId);
        CliRun stop = spindle(
                "stop", "-yid", session.toString(), "-p", savepoints().toUri().toString(), jobId);
        assertEquals(ExitCodes.SUCCESS, stop.exitCode(), stop::toString);
        String path = find(java.util.regex.Pattern.compile("Savepoint completed\\. Path: (\\S+)"), stop.out());
        CliRun stopped = session("-id", session.toString(), "stop");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        int before = KeyedCountOutput.committedLines(first).size();
        assertTrue(before > 0 && before < records, "stopped mid-way: " + before);

        Path second = dir.resolve("application-counts");
        CliRun resumed = spindle(
                "run-application",
                "-t",
                "yarn-application",
                "-s",
                path,
                "-p",
                "3",
                "-c",
                "dev.spindle.examples.KeyedCount",
                WordCountFiles.examplesJar().toString(),
                "--keys",
                Long.toString(KEYS),
                "--checkpoint-interval",
                "200",
                "--records",
                Long.toString(records),
                "--parallelism",
                "3",
                "--output",
                second.toString());
        assertEquals(ExitCodes.SUCCESS, resumed.exitCode(), resumed::toString);
        ApplicationId application = ApplicationId.fromString(find(SUBMITTED_APP, resumed.out()));
        assertEquals(FinalApplicationStatus.SUCCEEDED, awaitEnd(application).getFinalApplicationStatus());

        List<String> all = new ArrayList<>(KeyedCountOutput.committedLines(first));
        all.addAll(KeyedCountOutput.committedLines(second));
        all.sort(null);
        assertEquals(KeyedCountOutput.expected(records, KEYS), all);
    }

    private static Path savepoints() {
        return dir.resolve("savepoints");
    }

    /** Waits until the job has a completed checkpoint ({@code spindle checkpoints} names one). */
    private static void awaitCheckpoint(ApplicationId appId, String jobId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            CliRun checkpoints = spindle("checkpoints", "-yid", appId.toString(), jobId);
            if (checkpoints.out().contains("latest_checkpoint=")) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("no checkpoint of " + jobId + ": " + checkpoints);
            }
            Thread.sleep(300);
        }
    }

    private static JsonNode lastJson(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static ApplicationReport awaitEnd(ApplicationId appId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        ApplicationReport report = client.getApplicationReport(appId);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && report.getYarnApplicationState() != YarnApplicationState.FAILED
                && report.getYarnApplicationState() != YarnApplicationState.KILLED) {
            if (System.currentTimeMillis() > deadline) {
                fail("application " + appId + " still " + report.getYarnApplicationState());
            }
            Thread.sleep(200);
            report = client.getApplicationReport(appId);
        }
        return report;
    }

    private static List<String> commonOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props"),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=1",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri());
    }

    /** {@code spindle <command> <options for this cluster> <args>}. */
    private static CliRun spindle(String command, String... args) {
        List<String> all = new ArrayList<>(
                List.of(command, "--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("YarnSavepointIT: " + run);
        return run;
    }

    private static CliRun session(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = YarnSessionCommand.run(
                all.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
