package dev.spindle.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: {@code spindle-<version>-bin.tar.gz} (built by this module's
 * {@code package}) unpacked into an empty directory outside the source tree, its commands run from
 * there with nothing but a JDK: an environment of its own (no HADOOP_CONF_DIR, no Maven: a
 * {@code mvn} first on the PATH fails the test if any script calls it), the temporary directory
 * as the working directory. The bundled local YARN cluster runs a per-job WordCount of the
 * examples; the counts must be those this test computes itself. Everything started is stopped, also
 * when the test fails.
 */
class DistributionIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> COMMANDS =
            List.of("spindle", "yarn-session", "standalone-cluster", "local-yarn", "local-zookeeper", "history-server");

    @TempDir
    Path dir;

    private Path home;
    private Path mavenCalls;
    private boolean yarnStarted;

    @BeforeEach
    void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("spindle.distribution.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no " + tarball + ": the distribution module's package builds it");
        Run untar = run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()));
        assertEquals(0, untar.exitCode(), untar.err());
        home = dir.resolve(System.getProperty("spindle.distribution.name"));
        mavenCalls = dir.resolve("mvn-calls");
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"mvn $*\" >>'" + mavenCalls + "'\nexit 99\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (yarnStarted) {
                Run stop = spindleCommand("local-yarn", "stop");
                assertEquals(0, stop.exitCode(), stop.err());
            }
        } finally {
            // Whatever still runs from the unpacked distribution (a cluster whose stop failed).
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                    .toList();
            left.forEach(ProcessHandle::destroyForcibly);
            assertEquals(List.of(), left.stream().map(ProcessHandle::pid).toList(), "processes left running");
        }
    }

    @Test
    void theLayoutHoldsTheCommandsConfigurationJarsExamplesAndLicense() throws IOException {
        for (String command : COMMANDS) {
            assertTrue(Files.isExecutable(home.resolve("bin").resolve(command)), "bin/" + command);
        }
        for (String file : List.of("conf/config.yaml", "conf/log4j.properties", "LICENSE", "NOTICE")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License"));
        assertEquals(1, jars(home.resolve("lib"), "spindle-yarn-client-").size());
        assertEquals(1, jars(home.resolve("lib"), "spindle-yarn-am-").size());
        assertEquals(1, jars(home.resolve("lib"), "spindle-engine-").size());
        assertEquals(1, jars(home.resolve("examples"), "spindle-engine-").size());
        // Hadoop's unshaded server jars only beside the local YARN cluster, never on the client's classpath.
        assertEquals(List.of(), jars(home.resolve("lib"), "hadoop-yarn-server-"));
        assertFalse(jars(home.resolve("opt/local-yarn/lib"), "hadoop-yarn-server-resourcemanager-")
                .isEmpty());
    }

    @Test
    void aPerJobWordCountRunsOnTheBundledLocalYarnCluster() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = writeWords(input);
        Path output = dir.resolve("counts");

        yarnStarted = true;
        Run start = spindleCommand("local-yarn", "start");
        assertEquals(0, start.exitCode(), start.err());

        Path examplesJar = jars(home.resolve("examples"), "spindle-engine-").get(0);
        Run wordCount = spindleCommand(
                "spindle",
                "run",
                "-t",
                "yarn-per-job",
                "-p",
                "2",
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging"),
                examplesJar.toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());

        assertEquals(0, wordCount.exitCode(), wordCount.err());
        assertTrue(wordCount.out().contains("Submitted application application_"), wordCount.out());
        assertEquals(expected, counts(output));
        assertFalse(Files.exists(mavenCalls), () -> "a script called Maven: " + read(mavenCalls));
        Path repository =
                Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertFalse(
                (start.err() + wordCount.err()).contains(repository.toString()),
                "the commands used the source tree " + repository);
    }

    /** Lines of words from a small vocabulary at skewed frequencies; returns each word's count. */
    private static Map<String, Long> writeWords(Path file) throws IOException {
        Random random = new Random(42);
        Map<String, Long> counts = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        for (int line = 0; line < 5_000; line++) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String word = "w" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * 200);
                words.add(word);
                counts.merge(word, 1L, Long::sum);
            }
            lines.add(String.join(" ", words));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return counts;
    }

    /** The {@code word,count} lines of the part files. */
    private static Map<String, Long> counts(Path output) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    int comma = line.lastIndexOf(',');
                    Long previous = counts.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
                    assertEquals(null, previous, "a word counted twice: " + line);
                }
            }
        }
        return counts;
    }

    private static List<Path> jars(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".jar");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** {@code bin/history-server} from the unpacked distribution: starts over an archive directory, reports, stops. */
    @Test
    void theHistoryServerRunsFromTheDistribution() throws Exception {
        Path archives = Files.createDirectories(dir.resolve("completed-jobs"));
        Run start = spindleCommand(
                "history-server",
                "start",
                "-D",
                "historyserver.archive.fs.dir=" + archives,
                "-D",
                "historyserver.web.port=0");
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.out().startsWith("History server running at http://127.0.0.1:"), start.out());
            Run status = spindleCommand("history-server", "status");
            assertEquals(0, status.exitCode(), status.err());
        } finally {
            Run stop = spindleCommand("history-server", "stop");
            assertEquals(0, stop.exitCode(), stop.err());
        }
        assertTrue(Files.notExists(mavenCalls), "the distribution never builds");
    }

    /** Runs {@code bin/<command> args...} of the unpacked distribution, as a user would. */
    private Run spindleCommand(String command, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(home.resolve("bin").resolve(command).toString());
        line.addAll(List.of(args));
        return run(line);
    }

    /**
     * Runs a command in the temporary directory with an environment of its own (nothing of this
     * JVM's, so no HADOOP_CONF_DIR, no Maven settings): the JDK this test runs on, a PATH of the
     * system's directories behind the Maven stand-in; past the timeout, the command and everything it
     * started are killed.
     */
    private Run run(List<String> command) throws IOException, InterruptedException {
        String name = Path.of(command.get(0)).getFileName().toString();
        Path out = Files.createTempFile(dir, name, ".out");
        Path err = Files.createTempFile(dir, name, ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", dir.resolve("fake-bin") + ":/usr/local/bin:/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS", "-Djava.io.tmpdir=" + dir.resolve("tmp"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("USER", System.getProperty("user.name"));
        env.put("LANG", "C.UTF-8");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(process.toHandle());
            tree.addAll(process.toHandle().descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError(
                    name + " did not end within " + COMMAND_TIMEOUT.toSeconds() + " s: " + command + "\n" + read(err));
        }
        return new Run(process.exitValue(), read(out), read(err));
    }

    private record Run(int exitCode, String out, String err) {}
}
