package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.all;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.AsyncUnboundedProgram;
import dev.spindle.client.cli.programs.ExitingProgram;
import dev.spindle.client.cli.programs.SequentialJobsProgram;
import dev.spindle.client.cli.programs.ThrowingProgram;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * Application mode on a MiniYARNCluster ({@code spindle run-application -t yarn-application} and
 * {@code spindle run -t yarn-application}): main() runs in the ApplicationMaster, which ends with
 * the application.
 */
class YarnApplicationIT {
    private static final Pattern RUNNING_JOB = Pattern.compile("(?m)^([0-9a-f]{32})\\s+RUNNING\\b");
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-application-it", dir.resolve("conf"), 1536);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void twoExecuteCallsRunOneAfterTheOtherAndTheApplicationSucceeds() throws Exception {
        Path jar = TestJars.jar(
                dir.resolve("sequential.jar"), SequentialJobsProgram.class.getName(), SequentialJobsProgram.class);
        Path output = Files.createDirectories(dir.resolve("sequential-out"));
        long t0 = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        CliRun run = application("run-application", "--output", "json", jar.toString(), output.toString());
        log("attached two-job application took %d ms", t0);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        List<String> jobIds = all(SUBMITTED_JOB, run.out());
        assertEquals(2, jobIds.size(), run::toString);
        for (String jobId : jobIds) {
            assertTrue(run.err().contains("Job " + jobId + " is FINISHED"), run::toString);
        }
        // --output json: the report is the last stdout line.
        List<String> lines = run.out().lines().toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("yarn-application", json.get("target").asText());
        assertEquals(appId.toString(), json.get("applicationId").asText());
        assertEquals(jobIds.get(0), json.get("jobId").asText());
        assertEquals(2, json.get("jobs").size());
        assertEquals(jobIds.get(1), json.get("jobs").get(1).get("jobId").asText());
        assertEquals("FINISHED", json.get("jobs").get(1).get("state").asText());
        assertEquals("SUCCEEDED", json.get("finalState").asText());
        assertEquals(0, json.get("exitCode").asInt());

        List<Long> first = times(output, "first");
        List<Long> second = times(output, "second");
        assertEquals(5, first.size());
        assertEquals(5, second.size());
        System.out.printf(
                "YarnApplicationIT: the first job's first record was written %d ms after the CLI started%n",
                first.stream().mapToLong(Long::longValue).min().getAsLong() - startMillis);
        assertTrue(
                second.stream().mapToLong(Long::longValue).min().getAsLong()
                        > first.stream().mapToLong(Long::longValue).max().getAsLong(),
                () -> "the jobs overlapped: first " + first + ", second " + second);

        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        // Without yarn.application.name the application is named after its main class.
        assertEquals("Spindle application: " + SequentialJobsProgram.class.getName(), report.getName());
        assertStagingGone(appId);
    }

    @Test
    void detachedReturnsOnceTheApplicationMasterServesAndTheApplicationLaterSucceeds() throws Exception {
        Path jar = TestJars.jar(
                dir.resolve("sequential-detached.jar"),
                SequentialJobsProgram.class.getName(),
                SequentialJobsProgram.class);
        Path output = Files.createDirectories(dir.resolve("detached-out"));
        long t0 = System.nanoTime();
        CliRun run = application("run-application", "-d", jar.toString(), output.toString());
        log("detached run-application returned after %d ms", t0);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        assertTrue(
                run.err().contains("runs detached") && run.err().contains("spindle list -yid " + appId), run::toString);
        try {
            ApplicationReport report = client.getApplicationReport(appId);
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (report.getFinalApplicationStatus() == FinalApplicationStatus.UNDEFINED) {
                assertTrue(System.currentTimeMillis() < deadline, "application " + appId + " did not end");
                Thread.sleep(200);
                report = client.getApplicationReport(appId);
            }
            log("the detached application ended %d ms after the submission", t0);
            assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
            assertEquals(5, times(output, "second").size());
        } finally {
            killIfRunning(appId);
        }
        awaitStagingGone(appId);
    }

    @Test
    void asyncJobsRunAtOnceAndCancellingOneKillsTheApplication() throws Exception {
        Path jar = TestJars.jar(
                dir.resolve("async.jar"), AsyncUnboundedProgram.class.getName(), AsyncUnboundedProgram.class);
        Set<ApplicationId> before = spindleApplications();
        long t0 = System.nanoTime();
        CompletableFuture<CliRun> attached =
                CompletableFuture.supplyAsync(() -> application("run-application", jar.toString()));
        ApplicationId appId = awaitNewApplication(before);
        try {
            assertAsyncJobsAndCancel(appId, attached, t0);
        } finally {
            killIfRunning(appId);
        }
    }

    private static void assertAsyncJobsAndCancel(ApplicationId appId, CompletableFuture<CliRun> attached, long t0)
            throws Exception {
        List<String> running = List.of();
        CliRun list = null;
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (running.size() < 2) {
            if (System.currentTimeMillis() > deadline) {
                fail("both jobs never ran at once: " + list);
            }
            Thread.sleep(250);
            list = spindle("list", "-yid", appId.toString());
            running = list.exitCode() == ExitCodes.SUCCESS ? all(RUNNING_JOB, list.out()) : List.of();
        }
        log("both async jobs RUNNING %d ms after the submission", t0);

        CliRun cancel = spindle("cancel", "-yid", appId.toString(), running.get(0));
        assertEquals(ExitCodes.SUCCESS, cancel.exitCode(), cancel::toString);
        CliRun run = attached.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        log("the cancelled application's client returned %d ms after the submission", t0);
        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertEquals(Set.copyOf(running), Set.copyOf(all(SUBMITTED_JOB, run.out())), run::toString);
        assertTrue(run.err().contains("yarn logs -applicationId " + appId), run::toString);
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(FinalApplicationStatus.KILLED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(report.getDiagnostics().contains(running.get(0) + " was cancelled"), report.getDiagnostics());
        assertStagingGone(appId);
    }

    /** The attached CLI, as its own process ({@code scripts/spindle}), gets SIGTERM while the jobs run. */
    @Test
    void stoppingTheAttachedClientKillsTheApplication() throws Exception {
        Path jar = TestJars.jar(
                dir.resolve("async-sigterm.jar"), AsyncUnboundedProgram.class.getName(), AsyncUnboundedProgram.class);
        Path out = dir.resolve("sigterm.out");
        Path err = dir.resolve("sigterm.err");
        ProcessBuilder builder = new ProcessBuilder(
                        Scripts.repositoryRoot().resolve("scripts/spindle").toString(),
                        "run-application",
                        "-t",
                        "yarn-application",
                        "--yarn-conf-dir",
                        dir.resolve("conf").toString(),
                        "-D",
                        "yarn.staging-directory=" + stagingRoot().toUri(),
                        "-D",
                        "jobmanager.memory.process.size=512m",
                        "-D",
                        "taskmanager.memory.process.size=512m",
                        "-D",
                        "taskmanager.numberOfTaskSlots=2",
                        jar.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        ApplicationId appId = null;
        try {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (all(SUBMITTED_JOB, Files.readString(out)).size() < 2
                    && process.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            appId = ApplicationId.fromString(find(SUBMITTED_APP, Files.readString(out)));
            assertEquals(2, all(SUBMITTED_JOB, Files.readString(out)).size(), () -> out + ": " + readQuietly(err));
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the CLI did not exit after SIGTERM");
            assertTrue(Files.readString(err).contains("Killed application " + appId), Files.readString(err));
            ApplicationReport report = client.getApplicationReport(appId);
            assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState(), report.getDiagnostics());
            awaitStagingGone(appId);
        } finally {
            process.destroyForcibly();
            if (appId != null) {
                killIfRunning(appId);
            }
        }
    }

    @Test
    void aThrowingMainFailsTheApplicationWithTheException() throws Exception {
        Path jar = TestJars.jar(dir.resolve("throwing.jar"), null, ThrowingProgram.class);
        CliRun run =
                application("run", "-t", "yarn-application", "-c", ThrowingProgram.class.getName(), jar.toString());
        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        assertTrue(
                report.getDiagnostics().contains("java.lang.IllegalStateException: " + ThrowingProgram.MESSAGE),
                report.getDiagnostics());
        assertTrue(run.err().contains(ThrowingProgram.MESSAGE), run::toString);
        assertStagingGone(appId);
    }

    @Test
    void aSystemExitInMainFailsTheApplicationNamingTheExit() throws Exception {
        Path jar = TestJars.jar(dir.resolve("exiting.jar"), null, ExitingProgram.class);
        CliRun run = application("run", "-t", "yarn-application", "-c", ExitingProgram.class.getName(), jar.toString());
        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        String exit = "the program called System.exit(" + ExitingProgram.STATUS + ")";
        assertTrue(report.getDiagnostics().contains(exit), report.getDiagnostics());
        assertTrue(run.err().contains(exit), run::toString);
        assertStagingGone(appId);
    }

    @Test
    void aMissingJarOrClassFailsBeforeAnythingIsSubmitted() throws Exception {
        Path jar = TestJars.jar(dir.resolve("no-class.jar"), null, ThrowingProgram.class);
        Set<ApplicationId> before = allApplications();
        CliRun missingJar =
                application("run-application", dir.resolve("nothing.jar").toString());
        assertTrue(
                missingJar.assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE).contains("does not exist"),
                missingJar::toString);
        CliRun missingClass = application("run-application", "-c", "no.such.Main", jar.toString());
        assertTrue(
                missingClass.assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE).contains("no.such.Main"),
                missingClass::toString);
        CliRun noMainClass = application("run", "-t", "yarn-application", jar.toString());
        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, noMainClass.exitCode(), noMainClass::toString);
        assertEquals(before, allApplications());
    }

    private static CliRun application(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        if (command.equals("run-application")) {
            all.addAll(List.of("-t", "yarn-application"));
        }
        all.addAll(List.of(
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri(),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=2",
                "-p",
                "1"));
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("YarnApplicationIT: " + run);
        return run;
    }

    /** {@code spindle <command> <options for this cluster> <args>}. */
    private static CliRun spindle(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(
                command,
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A test that failed half-way must not leave its application holding the cluster's resources. */
    private static void killIfRunning(ApplicationId appId) {
        try {
            if (!EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED)
                    .contains(client.getApplicationReport(appId).getYarnApplicationState())) {
                client.killApplication(appId);
            }
        } catch (Exception e) {
            System.err.println("YarnApplicationIT: could not kill " + appId + ": " + e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static List<Long> times(Path output, String job) throws Exception {
        try (Stream<Path> files = Files.list(output)) {
            List<Long> times = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(job + "-"))
                    .toList()) {
                times.add(Long.parseLong(Files.readString(f).trim()));
            }
            return times;
        }
    }

    private static Set<ApplicationId> allApplications() throws Exception {
        return client.getApplications().stream()
                .map(ApplicationReport::getApplicationId)
                .collect(Collectors.toSet());
    }

    private static Set<ApplicationId> spindleApplications() throws Exception {
        return client.getApplications(Set.of("Spindle")).stream()
                .map(ApplicationReport::getApplicationId)
                .collect(Collectors.toSet());
    }

    private static ApplicationId awaitNewApplication(Set<ApplicationId> before) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (ApplicationReport r :
                    client.getApplications(Set.of("Spindle"), EnumSet.allOf(YarnApplicationState.class))) {
                if (!before.contains(r.getApplicationId())) {
                    return r.getApplicationId();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no application was submitted");
    }

    private static Path stagingRoot() {
        return dir.resolve("staging");
    }

    /** The AM deletes it just before it unregisters; YARN may report the end a moment before it is gone. */
    private static void awaitStagingGone(ApplicationId appId) throws InterruptedException {
        Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(staging) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertStagingGone(appId);
    }

    private static void assertStagingGone(ApplicationId appId) {
        Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
        assertFalse(Files.exists(staging), "staging directory left: " + staging);
    }

    private static void log(String format, long startNanos) {
        System.out.printf("YarnApplicationIT: " + format + "%n", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
