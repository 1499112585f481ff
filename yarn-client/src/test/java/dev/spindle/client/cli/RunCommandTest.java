package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.AsyncProgram;
import dev.spindle.client.cli.programs.BadArgumentsProgram;
import dev.spindle.client.cli.programs.FailingJobProgram;
import dev.spindle.client.cli.programs.NoMainProgram;
import dev.spindle.client.cli.programs.NoSinkProgram;
import dev.spindle.client.cli.programs.RecordingProgram;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spindle run} in-process, with small programs from this module's test classes packed into jars. */
class RunCommandTest {
    private static final String JOB_SUBMITTED = "Job has been submitted with JobID [0-9a-f]{32}";

    @TempDir
    Path dir;

    @BeforeEach
    void resetRecording() {
        RecordingProgram.reset();
    }

    // ---- how main() is called ----

    @Test
    void everythingAfterTheJarGoesToMainUnchanged() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of(
                "run",
                "-t",
                "local",
                jar.toString(),
                "--input",
                "a",
                "--output",
                "b",
                "-p",
                "3",
                "-v",
                "--",
                "-c",
                "x y");

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(
                List.of("--input", "a", "--output", "b", "-p", "3", "-v", "--", "-c", "x y"), RecordingProgram.args);
    }

    @Test
    void parallelismAndDynamicOptionsReachTheEnvironment() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of(
                "run",
                "-p",
                "3",
                "-D",
                RecordingProgram.CUSTOM_KEY + "=a=b",
                "-Dparallelism.default=7",
                jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(3, RecordingProgram.parallelism, "-p wins over -D parallelism.default");
        assertEquals("a=b", RecordingProgram.customValue);
    }

    @Test
    void dynamicParallelismAppliesWithoutP() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of("run", "-D", "parallelism.default=5", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(5, RecordingProgram.parallelism);
    }

    @Test
    void programRunsWithItsOwnClassLoaderAsContext() throws Exception {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        CliRun run = CliRun.of("run", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertNotNull(RecordingProgram.userClassLoader);
        assertSame(RecordingProgram.userClassLoader, RecordingProgram.contextClassLoader);
        URLClassLoader loader = (URLClassLoader) RecordingProgram.userClassLoader;
        assertEquals(jar.toAbsolutePath(), Path.of(loader.getURLs()[0].toURI()));
        assertSame(before, Thread.currentThread().getContextClassLoader(), "context class loader restored");
    }

    @Test
    void classOptionOverridesTheManifest() throws IOException {
        Path jar = jarOf(BadArgumentsProgram.class, BadArgumentsProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of("run", "-c", RecordingProgram.class.getName(), jar.toString(), "x");

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(List.of("x"), RecordingProgram.args);
    }

    @Test
    void programWithoutJobGetsAWarning() throws IOException {
        CliRun run = CliRun.of(
                "run", jarOf(RecordingProgram.class, RecordingProgram.class).toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(List.of("spindle: warning: the program submitted no job"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void detachedIsAcceptedWithAWarningForLocal() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of("run", "-d", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("spindle: warning: --detached has no effect"), run.err());
        assertEquals(List.of(), RecordingProgram.args);
    }

    // ---- usage errors: 2 ----

    @Test
    void unknownOptionBeforeTheJarIsAUsageError() {
        String line = CliRun.of("run", "--bogus", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("'--bogus'"), line);
        assertTrue(line.contains("spindle run --help"), line);
    }

    @Test
    void parallelismBelowOneIsAUsageError() {
        String line = CliRun.of("run", "-p", "0", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("parallelism must be at least 1, was 0"), line);
    }

    @Test
    void parallelismThatIsNoNumberIsAUsageError() {
        String line = CliRun.of("run", "--parallelism", "two", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("'two'"), line);
    }

    @Test
    void unsupportedTargetIsAUsageError() {
        for (String target : new String[] {"kubernetes-application", "mars"}) {
            String line = CliRun.of("run", "-t", target, "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);

            assertTrue(
                    line.contains("target '" + target + "' is not supported yet; supported: local, standalone, "
                            + "yarn-session, yarn-per-job, yarn-application (run only)"),
                    line);
        }
    }

    @Test
    void aYarnSessionTargetWithoutASessionNamedIsAUsageError() {
        String line = CliRun.of(
                        "run",
                        "-t",
                        "yarn-session",
                        "-D",
                        "yarn.properties-file.location=" + dir.resolve("none"),
                        "job.jar")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("no YARN session named: pass -yid <appId> or -D yarn.application.id=<appId>"), line);
    }

    @Test
    void standaloneOptionsDoNotGoWithAYarnSession() {
        String line = CliRun.of("run", "-yid", "application_1_0001", "-m", "http://127.0.0.1:1", "job.jar")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("-yid and yarn.application.id apply to -t yarn-session only"), line);
    }

    @Test
    void missingJarArgumentIsAUsageError() {
        String line = CliRun.of("run", "-p", "2").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("<jar>"), line);
    }

    @Test
    void dynamicOptionWithoutValueIsAUsageError() {
        CliRun.of("run", "-D", "novalue", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);
    }

    // ---- the program cannot be loaded: 3 ----

    @Test
    void missingJarNamesThePath() {
        Path missing = dir.resolve("nothing/here.jar");

        String line = CliRun.of("run", missing.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertEquals("spindle: error: jar file " + missing.toAbsolutePath() + " does not exist", line);
    }

    @Test
    void fileThatIsNoJarIsNotLoadable() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "just text");

        String line = CliRun.of("run", notAJar.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertTrue(line.contains(notAJar.toString() + " is not a jar file"), line);
    }

    @Test
    void directoryIsNotAJar() {
        String line = CliRun.of("run", dir.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertTrue(line.contains("is not a regular file"), line);
    }

    @Test
    void classNotFoundNamesClassAndJar() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        String line = CliRun.of("run", "-c", "com.example.Missing", jar.toString())
                .assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertEquals("spindle: error: class com.example.Missing not found in " + jar.toAbsolutePath(), line);
    }

    @Test
    void manifestMainClassNotInJarIsNotFound() throws IOException {
        // The manifest names a class the jar lacks: only the manifest's own class is missing here.
        Path jar = TestJars.jar(dir.resolve("stale-manifest.jar"), "com.example.Gone", RecordingProgram.class);

        String line = CliRun.of("run", jar.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertTrue(line.contains("class com.example.Gone not found"), line);
    }

    @Test
    void classWithoutStaticMainIsNotLoadable() throws IOException {
        Path jar = jarOf(NoMainProgram.class, NoMainProgram.class);

        String line = CliRun.of("run", jar.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertEquals(
                "spindle: error: class " + NoMainProgram.class.getName()
                        + " has no public static void main(String[]) method",
                line);
    }

    @Test
    void jarWithoutMainClassAndNoClassOptionIsNotLoadable() throws IOException {
        Path jar = jarOf(null, RecordingProgram.class);

        String line = CliRun.of("run", jar.toString()).assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        assertTrue(line.contains("has no Main-Class in its manifest"), line);
        assertTrue(line.contains("-c/--class"), line);
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("run", "--verbose", dir.resolve("missing.jar").toString());

        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, run.exitCode());
        assertTrue(run.errLines().get(0).startsWith("spindle: error: jar file "), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    // ---- the job failed: 1; the program failed: 4 ----

    @Test
    void failedJobNamesTheUserException() throws IOException {
        Path jar = jarOf(FailingJobProgram.class, FailingJobProgram.class);

        CliRun run = CliRun.of("run", "-p", "2", jar.toString());

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertTrue(run.out().matches("(?s)" + JOB_SUBMITTED + "\\R"), run.out());
        assertEquals(
                List.of("spindle: error: the job failed: java.lang.IllegalStateException: boom at 42"), run.errLines());
    }

    @Test
    void jobFailureWrappedByTheProgramIsStillAJobFailure() throws IOException {
        Path jar = jarOf(FailingJobProgram.class, FailingJobProgram.class);

        String line = CliRun.of("run", jar.toString(), "wrap").assertOneErrorLine(ExitCodes.JOB_FAILED);

        assertEquals("spindle: error: the job failed: java.lang.IllegalStateException: boom at 42", line);
    }

    @Test
    void illegalArgumentFromMainIsAProgramFailure() throws IOException {
        Path jar = jarOf(BadArgumentsProgram.class, BadArgumentsProgram.class);

        String line = CliRun.of("run", jar.toString(), "--frobnicate").assertOneErrorLine(ExitCodes.PROGRAM_FAILED);

        assertEquals(
                "spindle: error: the program's main() failed: "
                        + "java.lang.IllegalArgumentException: unknown argument --frobnicate",
                line);
    }

    @Test
    void invalidProgramIsAProgramFailure() throws IOException {
        Path jar = jarOf(NoSinkProgram.class, NoSinkProgram.class);

        String line = CliRun.of("run", jar.toString()).assertOneErrorLine(ExitCodes.PROGRAM_FAILED);

        assertTrue(line.contains("dev.spindle.graph.InvalidProgramException"), line);
        assertTrue(line.contains("no sink"), line);
    }

    @Test
    void verboseJobFailureShowsTheUserStackTrace() throws IOException {
        Path jar = jarOf(FailingJobProgram.class, FailingJobProgram.class);

        CliRun run = CliRun.of("-v", "run", jar.toString());

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode());
        assertTrue(run.err().contains("Caused by: java.lang.IllegalStateException: boom at 42"), run.err());
        assertTrue(run.err().contains("\tat " + FailingJobProgram.class.getName()), run.err());
    }

    // ---- jobs submitted with executeAsync(): the local target is the cluster, so it waits ----

    @Test
    void localTargetWaitsForJobsSubmittedAsynchronously() throws IOException {
        Path jar = jarOf(AsyncProgram.class, AsyncProgram.class, AsyncProgram.SlowSink.class);
        AsyncProgram.SEEN.set(0);

        CliRun run = CliRun.of("run", "-p", "1", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(2, run.out().lines().filter(l -> l.matches(JOB_SUBMITTED)).count(), run.out());
        assertEquals(2000, AsyncProgram.SEEN.get(), "the CLI returned before the second job finished");
    }

    @Test
    void anAsynchronousJobThatFailsAfterMainReturnedIsAJobFailure() throws IOException {
        Path jar = jarOf(AsyncProgram.class, AsyncProgram.class, AsyncProgram.SlowSink.class);

        CliRun run = CliRun.of("run", jar.toString(), "fail");

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertEquals(
                List.of("spindle: error: the job failed: java.lang.IllegalStateException: late failure"),
                run.errLines());
    }

    // ---- --output json: the last stdout line says how the run ended ----

    @Test
    void jsonOutputEndsStdoutWithTheRunsReport() throws IOException {
        Path jar = jarOf(AsyncProgram.class, AsyncProgram.class, AsyncProgram.SlowSink.class);

        CliRun run = CliRun.of("run", "--output", "json", "-p", "1", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        List<String> jobIds = lines.stream()
                .filter(l -> l.matches(JOB_SUBMITTED))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .toList();
        assertEquals(2, jobIds.size(), run.out());
        JsonNode report = lastLineAsJson(run);
        assertEquals("local", report.get("target").asText());
        assertTrue(report.get("applicationId").isNull());
        assertTrue(report.get("restUrl").isNull());
        assertEquals(jobIds.get(0), report.get("jobId").asText());
        assertEquals(2, report.get("jobs").size());
        for (int i = 0; i < 2; i++) {
            assertEquals(jobIds.get(i), report.get("jobs").get(i).get("jobId").asText());
            assertEquals("FINISHED", report.get("jobs").get(i).get("state").asText());
        }
        assertEquals("SUCCEEDED", report.get("finalState").asText());
        assertEquals(0, report.get("exitCode").asInt());
        assertTrue(report.get("error").isNull());
    }

    @Test
    void jsonOutputOfAFailedJobSaysFailedWithTheError() throws IOException {
        Path jar = jarOf(FailingJobProgram.class, FailingJobProgram.class);

        CliRun run = CliRun.of("run", "--output=JSON", jar.toString());

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        JsonNode report = lastLineAsJson(run);
        assertEquals("FAILED", report.get("finalState").asText());
        assertEquals("FAILED", report.get("jobs").get(0).get("state").asText());
        assertEquals(1, report.get("exitCode").asInt());
        assertEquals(
                "spindle: error: the job failed: java.lang.IllegalStateException: boom at 42",
                report.get("error").asText());
        // The error line is still the one line on stderr.
        assertEquals(List.of(report.get("error").asText()), run.errLines());
    }

    @Test
    void jsonOutputOfAMissingJarHasNoJobAndTheExitCode() {
        Path missing = dir.resolve("missing.jar");

        CliRun run = CliRun.of("run", "--output", "json", missing.toString());

        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, run.exitCode(), run::toString);
        JsonNode report = lastLineAsJson(run);
        assertTrue(report.get("jobId").isNull());
        assertEquals(0, report.get("jobs").size());
        assertEquals("FAILED", report.get("finalState").asText());
        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, report.get("exitCode").asInt());
        assertTrue(report.get("error").asText().contains(missing.toString()), report.toString());
    }

    @Test
    void jsonOutputOfAUsageErrorInsideTheCommandHasExitCodeTwo() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of("run", "--output", "json", "-t", "nowhere", jar.toString());

        assertEquals(ExitCodes.USAGE_ERROR, run.exitCode(), run::toString);
        JsonNode report = lastLineAsJson(run);
        assertEquals(ExitCodes.USAGE_ERROR, report.get("exitCode").asInt());
        assertTrue(report.get("error").asText().contains("nowhere"), report.toString());
    }

    @Test
    void unknownOutputFormatIsAUsageError() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        String line = CliRun.of("run", "--output", "yaml", jar.toString()).assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("yaml"), line);
    }

    @Test
    void withoutJsonOutputNoJsonIsPrinted() throws IOException {
        Path jar = jarOf(RecordingProgram.class, RecordingProgram.class);

        CliRun run = CliRun.of("run", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("{")), run.out());
    }

    private static JsonNode lastLineAsJson(CliRun run) {
        List<String> lines = run.out().lines().toList();
        assertTrue(!lines.isEmpty(), "nothing on stdout");
        try {
            return new ObjectMapper().readTree(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new AssertionError("the last stdout line is not JSON: " + run.out(), e);
        }
    }

    private Path jarOf(Class<?> mainClass, Class<?>... classes) throws IOException {
        String name = (mainClass != null ? mainClass.getSimpleName() : "no-main") + ".jar";
        return TestJars.jar(dir.resolve(name), mainClass != null ? mainClass.getName() : null, classes);
    }
}
