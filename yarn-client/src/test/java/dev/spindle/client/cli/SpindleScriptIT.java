package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/spindle} end to end, as its own JVM: runs after {@code package}, so the client jar
 * and {@code target/lib} the script starts from exist (and the script does not build).
 */
class SpindleScriptIT {
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    /** What one run of the script left behind. */
    private record ScriptRun(int exitCode, String out, String err) {
    }

    @Test
    void runsWordCountFromTheExamplesJar() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 300, new Random(11));
        Path output = dir.resolve("counts");

        ScriptRun run = script(Map.of("SPINDLE_REPORT_PEAK_RSS", "1"), "run", "-t", "local", "-p", "2",
                WordCountFiles.examplesJar().toString(), "--input", input.toString(), "--output", output.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.out().matches("Job has been submitted with JobID [0-9a-f]{32}\\R"), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("Job [0-9a-f]{32} finished in \\d+ ms")), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("peak_rss_mb=(\\d+|n/a)")), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));
    }

    @Test
    void missingJarExitsWithThreeAndOneLine() throws Exception {
        Path missing = dir.resolve("missing.jar");

        ScriptRun run = script(Map.of(), "run", missing.toString(), "--input", "x");

        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, run.exitCode(), run::toString);
        assertEquals(List.of("spindle: error: jar file " + missing + " does not exist"), run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void failedJobExitsWithOneAndNoStackTrace() throws Exception {
        ScriptRun run = script(Map.of(), "run", WordCountFiles.examplesJar().toString(),
                "--input", dir.resolve("absent").toString());

        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("spindle: error: the job failed: java.nio.file.NoSuchFileException")),
                run::toString);
    }

    private ScriptRun script(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot().resolve("scripts/spindle").toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("script.out");
        Path err = dir.resolve("script.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/spindle did not end within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new ScriptRun(process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Failsafe runs in the module's directory; the script is in the repository root above it. */
    private static Path repositoryRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        if (!Files.isExecutable(root.resolve("scripts/spindle"))) {
            throw new IllegalStateException("no executable scripts/spindle under " + root);
        }
        return root;
    }
}
