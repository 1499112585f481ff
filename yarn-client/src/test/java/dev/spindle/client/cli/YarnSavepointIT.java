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
import java.net.URI;
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
 * savepoint's path in the output and in {@code --output json}; savepoints move a keyed count from a
 * YARN session to application mode (stopped there too) and back, and the runs' committed output
 * together is exactly the counts computed without the engine.
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
        // A session and an application cluster run side by side: two ApplicationMasters at a time.
        org.apache.hadoop.conf.Configuration extra = new org.apache.hadoop.conf.Configuration(false);
        extra.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        yarn = MiniYarn.start("yarn-savepoint-it", dir.resolve("conf"), 2048, extra);
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

    /**
     * Session job (parallelism 2) stopped with a savepoint, resumed as an application-mode job
     * (parallelism 3), which is stopped in turn (its application ends SUCCEEDED), and resumed once
     * more as a job of the session (parallelism 1) to the end: together exactly one run's counts.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aSavepointMovesAJobBetweenASessionAndApplicationModeExactly() throws Exception {
        long records = 60_000;
        CliRun started = session("-d", "-nm", "it-savepoints", "-jm", "512", "-tm", "512", "-s", "3");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId session = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));

        try {
            CliRun first = spindleAll(keyedCount(
                    "run",
                    records,
                    2,
                    4000,
                    "session-counts",
                    null,
                    "-t",
                    "yarn-session",
                    "-yid",
                    session.toString(),
                    "-d"));
            assertEquals(ExitCodes.SUCCESS, first.exitCode(), first::toString);
            String path1 = stopWithSavepoint(session, find(SUBMITTED_JOB, first.out()));
            int before = KeyedCountOutput.committedLines(dir.resolve("session-counts"))
                    .size();
            assertTrue(before > 0 && before < records, "stopped mid-way: " + before);

            CliRun second = spindleAll(keyedCount(
                    "run-application", records, 3, 4000, "application-counts", path1, "-t", "yarn-application", "-d"));
            assertEquals(ExitCodes.SUCCESS, second.exitCode(), second::toString);
            ApplicationId application = ApplicationId.fromString(find(SUBMITTED_APP, second.out()));
            String applicationJob = awaitOnlyJob(application);
            String path2 = stopWithSavepoint(application, applicationJob);
            assertEquals(FinalApplicationStatus.SUCCEEDED, awaitEnd(application).getFinalApplicationStatus());

            CliRun third = spindleAll(keyedCount(
                    "run", records, 1, 0, "session-counts-2", path2, "-t", "yarn-session", "-yid", session.toString()));
            assertEquals(ExitCodes.SUCCESS, third.exitCode(), third::toString);
        } finally {
            CliRun stopped = session("-id", session.toString(), "stop");
            assertEquals(0, stopped.exitCode(), stopped::toString);
        }

        List<String> all = new ArrayList<>();
        for (String out : List.of("session-counts", "application-counts", "session-counts-2")) {
            List<String> lines = KeyedCountOutput.committedLines(dir.resolve(out));
            System.out.println("YarnSavepointIT: " + out + " holds " + lines.size() + " lines");
            all.addAll(lines);
        }
        all.sort(null);
        assertEquals(KeyedCountOutput.expected(records, KEYS), all);
    }

    /** The arguments of a KeyedCount run: {@code command}, the options, then the program's. */
    private static String[] keyedCount(
            String command,
            long records,
            int parallelism,
            double rate,
            String out,
            String savepoint,
            String... options) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(options));
        if (savepoint != null) {
            args.addAll(List.of("-s", savepoint));
        }
        args.addAll(List.of(
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
                Integer.toString(parallelism),
                "--rate",
                Double.toString(rate),
                "--output",
                dir.resolve(out).toString()));
        return args.toArray(String[]::new);
    }

    /** Once the job has a completed checkpoint, stops it with a savepoint; returns the savepoint's path. */
    private static String stopWithSavepoint(ApplicationId appId, String jobId) throws Exception {
        awaitCheckpoint(appId, jobId);
        CliRun stop = spindle(
                "stop", "-yid", appId.toString(), "-p", savepoints().toUri().toString(), jobId);
        assertEquals(ExitCodes.SUCCESS, stop.exitCode(), stop::toString);
        return find(java.util.regex.Pattern.compile("Savepoint completed\\. Path: (\\S+)"), stop.out());
    }

    /** The id of the one job of an application cluster, once {@code spindle list} shows it. */
    private static String awaitOnlyJob(ApplicationId appId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        java.util.regex.Pattern id =
                java.util.regex.Pattern.compile("^([0-9a-f]{32})\\s", java.util.regex.Pattern.MULTILINE);
        while (true) {
            CliRun list = spindle("list", "-yid", appId.toString());
            java.util.regex.Matcher m = id.matcher(list.out());
            if (list.exitCode() == 0 && m.find()) {
                return m.group(1);
            }
            if (System.currentTimeMillis() > deadline) {
                fail("no job on " + appId + ": " + list);
            }
            Thread.sleep(300);
        }
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
                "taskmanager.numberOfTaskSlots=3",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri());
    }

    private static CliRun spindleAll(String[] commandAndArgs) {
        return spindle(commandAndArgs[0], java.util.Arrays.copyOfRange(commandAndArgs, 1, commandAndArgs.length));
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
        return CliRun.ofYarnSession(all.toArray(String[]::new));
    }
}
