package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.programs.ThrowingProgram;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run-application} and {@code run -t yarn-application} refuse before they look for YARN:
 * none of these runs needs a YARN configuration, since none gets as far as deploying.
 */
class RunApplicationCommandTest {
    @TempDir
    Path dir;

    @Test
    void isListedInHelp() {
        CliRun run = CliRun.of("--help");
        assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("run-application ")), run::toString);
    }

    @Test
    void anotherTargetIsAUsageError() {
        String line =
                CliRun.of("run-application", "-t", "yarn-per-job", "job.jar").assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertTrue(line.contains("supported: yarn-application"), line);
    }

    @Test
    void aSessionIdIsAUsageError() {
        String line = CliRun.of("run-application", "-yid", "application_1_0001", "job.jar")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertTrue(line.contains("cluster of its own"), line);
        CliRun run = CliRun.of("run", "-t", "yarn-application", "-yid", "application_1_0001", "job.jar");
        assertEquals(ExitCodes.USAGE_ERROR, run.exitCode(), run::toString);
    }

    @Test
    void aJarThatIsNoJarIsNotLoadable() {
        String line = CliRun.of("run-application", dir.resolve("missing.jar").toString())
                .assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);
        assertTrue(line.contains("does not exist"), line);
    }

    @Test
    void aClassWithoutMainIsNotLoadable() throws Exception {
        Path jar = TestJars.jar(dir.resolve("app.jar"), null, ThrowingProgram.class);
        String line = CliRun.of(
                        "run",
                        "-t",
                        "yarn-application",
                        "-c",
                        RunApplicationCommandTest.class.getName(),
                        jar.toString())
                .assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);
        assertTrue(line.contains("RunApplicationCommandTest"), line);
    }
}
