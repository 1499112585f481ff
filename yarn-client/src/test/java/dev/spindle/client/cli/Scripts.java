package dev.spindle.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code scripts/} as a user would, each as its own process, for the
 * {@code *IT} tests. They run after {@code package}, so the client jar and {@code target/lib} the
 * scripts start from exist (and the scripts do not build).
 */
final class Scripts {
    private static final long TIMEOUT_SECONDS = 120;

    private Scripts() {
    }

    /** What one run of a script left behind. */
    record ScriptRun(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /**
     * Runs {@code scripts/<script> args...} with {@code env} added to this process's environment;
     * its stdout and stderr go through files in {@code workDir} (so a chatty script cannot block).
     */
    static ScriptRun run(Path workDir, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot().resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, script, ".out");
        Path err = Files.createTempFile(workDir, script, ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/" + script + " did not end within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new ScriptRun(process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Failsafe runs in the module's directory; the scripts are in the repository root above it. */
    static Path repositoryRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        if (!Files.isExecutable(root.resolve("scripts/spindle"))) {
            throw new IllegalStateException("no executable scripts/spindle under " + root);
        }
        return root;
    }
}
