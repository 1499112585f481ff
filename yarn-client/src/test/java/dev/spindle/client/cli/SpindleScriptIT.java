package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/spindle} end to end, as its own JVM: runs after {@code package}, so the client jar
 * and {@code target/lib} the script starts from exist (and the script does not build).
 */
class SpindleScriptIT {
    @TempDir
    Path dir;

    @Test
    void runsWordCountFromTheExamplesJar() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 300, new Random(11));
        Path output = dir.resolve("counts");

        Scripts.ScriptRun run = script(
                Map.of("SPINDLE_REPORT_PEAK_RSS", "1"),
                "run",
                "-t",
                "local",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.out().matches("Job has been submitted with JobID [0-9a-f]{32}\\R"), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("Job [0-9a-f]{32} finished in \\d+ ms")), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("peak_rss_mb=(\\d+|n/a)")), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));
    }

    @Test
    void missingJarExitsWithThreeAndOneLine() throws Exception {
        Path missing = dir.resolve("missing.jar");

        Scripts.ScriptRun run = script(Map.of(), "run", missing.toString(), "--input", "x");

        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, run.exitCode(), run::toString);
        assertEquals(
                List.of("spindle: error: jar file " + missing + " does not exist"),
                run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void failedJobExitsWithOneAndNoStackTrace() throws Exception {
        Scripts.ScriptRun run = script(
                Map.of(),
                "run",
                WordCountFiles.examplesJar().toString(),
                "--input",
                dir.resolve("absent").toString());

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertTrue(
                run.err()
                        .lines()
                        .anyMatch(
                                l -> l.startsWith("spindle: error: the job failed: java.nio.file.NoSuchFileException")),
                run::toString);
    }

    private Scripts.ScriptRun script(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Scripts.run(dir, env, "spindle", args);
    }
}
