package dev.spindle.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Scripts() {}

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
        return run(command, workDir, env, TIMEOUT);
    }

    /**
     * Runs {@code command}; past {@code timeout} it kills the command and every process it started
     * (a script's JVMs, their TaskManagers: left alive, they would outlive the test) and fails.
     */
    static ScriptRun run(List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        String script = Path.of(command.get(0)).getFileName().toString();
        Path out = Files.createTempFile(workDir, script, ".out");
        Path err = Files.createTempFile(workDir, script, ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // The scripts' JVMs get the tests' java.io.tmpdir (the module's target directory), where the CLI
        // looks for a session's .yarn-properties file: not one some other session left in /tmp.
        builder.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> killed = killTree(process.toHandle());
            throw new AssertionError(script + " did not end within " + timeout.toSeconds() + " s; killed it and the "
                    + (killed.size() - 1) + " processes it had started: " + command);
        }
        return new ScriptRun(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * SIGKILLs a process and all its descendants, and waits (10 s at most) until they are gone. The
     * descendants are listed first: once their parent is dead, orphans are no longer its
     * descendants. The root goes first so that it starts no more; SIGKILLed processes start none.
     *
     * @return the processes killed, the root first
     */
    static List<ProcessHandle> killTree(ProcessHandle root) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("process " + p.pid() + " did not end after SIGKILL", e);
            }
        }
        return all;
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
