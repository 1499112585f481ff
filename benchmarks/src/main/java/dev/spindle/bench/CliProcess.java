package dev.spindle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command of Spindle's ({@code scripts/spindle}, {@code scripts/yarn-session}) run as a user runs
 * it, as a process of its own, timed from just before it starts. Its stdout and stderr are read as
 * they come and passed on to the benchmark's stderr (prefixed, with the time since the start), and the first match of each pattern
 * the benchmark waits for completes a future.
 */
final class CliProcess {
    private final Process process;
    private final long startMillis;
    private final Map<Pattern, CompletableFuture<String>> watched;

    private CliProcess(Process process, long startMillis, Map<Pattern, CompletableFuture<String>> watched) {
        this.process = process;
        this.startMillis = startMillis;
        this.watched = watched;
    }

    /**
     * Starts {@code command}.
     *
     * @param watched patterns whose first match (group 1) on either stream completes the future
     * @param log where both streams are passed on, each line prefixed with {@code prefix}
     */
    static CliProcess start(
            List<String> command,
            Map<String, String> environment,
            Path workingDirectory,
            Map<Pattern, CompletableFuture<String>> watched,
            PrintStream log,
            String prefix)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        long start = System.currentTimeMillis();
        Process process = builder.start();
        process.getOutputStream().close();
        CliProcess cli = new CliProcess(process, start, watched);
        cli.pump(process.getInputStream(), log, prefix + " out ");
        cli.pump(process.getErrorStream(), log, prefix + " err ");
        return cli;
    }

    long startMillis() {
        return startMillis;
    }

    /** Waits for the process; returns its exit code, or throws when it takes longer than {@code seconds}. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("the command did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void pump(InputStream stream, PrintStream log, String prefix) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            for (Map.Entry<Pattern, CompletableFuture<String>> w : watched.entrySet()) {
                                Matcher m = w.getKey().matcher(line);
                                if (!w.getValue().isDone() && m.find()) {
                                    w.getValue().complete(m.group(1));
                                }
                            }
                            log.printf("%s+%5d ms| %s%n", prefix, System.currentTimeMillis() - startMillis, line);
                        }
                    } catch (IOException e) {
                        log.println(prefix + "(stream closed: " + e.getMessage() + ")");
                    }
                },
                "bench reader " + prefix.trim());
        reader.setDaemon(true);
        reader.start();
    }
}
