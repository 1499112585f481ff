package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.client.yarn.RuntimeJars;
import dev.spindle.yarn.MiniYarn;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yarn.provided.lib.dirs} on a MiniYARNCluster: with Spindle's runtime jars already in a
 * directory of the cluster's file system, a deployment uploads none of them (the staging directory
 * holds no jar, and there is no shared cache), the ApplicationMaster and the TaskManagers run the
 * provided jars, and a job succeeds; a directory that does not exist is one error line, before
 * anything is submitted or uploaded.
 */
class ProvidedLibDirsIT {
    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;
    static Path providedLib;

    @BeforeAll
    static void startYarnAndProvideTheJars() throws Exception {
        yarn = MiniYarn.start("provided-lib-dirs-it", dir.resolve("conf"), 1536);
        client = yarn.client();
        // As an operator copies the distribution's lib/ to the cluster's file system, readable by all.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        providedLib = Files.createDirectories(dir.resolve("provided/lib"));
        for (Path jar : RuntimeJars.in(RuntimeJars.defaultLibDir())) {
            Path copy = Files.copy(jar, providedLib.resolve(jar.getFileName()));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void aSessionRunsTheProvidedJarsAndUploadsNone() throws Exception {
        CliRun started = CliRun.ofYarnSession(withCluster(
                "-d", "-jm", "512", "-tm", "512", "-s", "2", "-D", "yarn.provided.lib.dirs=" + providedLib.toUri()));
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        try {
            Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
            assertEquals(List.of(), filesUnder(staging, ".jar"), "jars uploaded to the staging directory");
            assertFalse(Files.exists(stagingRoot().resolve(".spindle/cache")), "runtime jars uploaded to the cache");

            ClusterSpec spec = ClusterSpec.readFrom(staging.resolve(ClusterSpec.FILE_NAME));
            Map<String, String> expected = new TreeMap<>();
            for (Path jar : filesUnder(providedLib, ".jar")) {
                expected.put("lib/" + jar.getFileName(), new org.apache.hadoop.fs.Path(jar.toUri()).toString());
            }
            assertEquals(expected, new TreeMap<>(spec.providedFiles()));
            assertEquals(List.copyOf(expected.keySet()), spec.classpath());
            assertEquals(Map.of(), spec.sharedFiles());

            // The job needs TaskManagers: they too start from the provided jars.
            Path input = dir.resolve("words.txt");
            Map<String, Long> counts = WordCountFiles.writeWords(input, 2_000, new Random(5));
            Path output = dir.resolve("counts");
            CliRun run = CliRun.of(withCluster(
                    "run",
                    "-yid",
                    appId.toString(),
                    "-p",
                    "2",
                    WordCountFiles.examplesJar().toString(),
                    "--input",
                    input.toString(),
                    "--output",
                    output.toString()));
            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            assertEquals(counts, WordCountFiles.readCounts(output));
        } finally {
            CliRun stopped = CliRun.ofYarnSession(withCluster("-id", appId.toString(), "stop"));
            assertEquals(0, stopped.exitCode(), stopped::toString);
        }
        assertFalse(Files.exists(stagingRoot().resolve(".spindle").resolve(appId.toString())), "staging left");
        assertEquals(
                filesUnder(RuntimeJars.defaultLibDir(), ".jar").stream()
                        .map(p -> p.getFileName().toString())
                        .collect(Collectors.toSet()),
                filesUnder(providedLib, ".jar").stream()
                        .map(p -> p.getFileName().toString())
                        .collect(Collectors.toSet()),
                "the provided jars are the cluster's: nothing deletes them");
    }

    @Test
    void aMissingDirectoryIsOneErrorLineBeforeAnythingIsSubmitted() throws Exception {
        int applicationsBefore = client.getApplications().size();
        Set<Path> stagingBefore = stagingEntries();
        String missing = dir.resolve("no-such-lib").toUri().toString();
        String qualified = new org.apache.hadoop.fs.Path(missing).toString();

        CliRun run = CliRun.of(withCluster(
                "run",
                "-t",
                "yarn-per-job",
                "-D",
                "yarn.provided.lib.dirs=" + missing,
                WordCountFiles.examplesJar().toString(),
                "--input",
                dir.resolve("nothing.txt").toString()));

        assertEquals(
                "spindle: error: yarn.provided.lib.dirs: no directory " + qualified
                        + "; copy Spindle's lib/ there (e.g. 'hadoop fs -put $SPINDLE_HOME/lib " + qualified
                        + "') or correct the option",
                run.assertOneErrorLine(ExitCodes.CLUSTER_ERROR));
        assertEquals(applicationsBefore, client.getApplications().size(), "an application was submitted");
        assertEquals(stagingBefore, stagingEntries(), "something was uploaded");
    }

    /** The arguments with the test cluster's configuration, staging directory and properties file first. */
    private static String[] withCluster(String... args) {
        List<String> all = new ArrayList<>();
        boolean session = args.length == 0 || !args[0].equals("run");
        if (!session) {
            all.add(args[0]);
        }
        all.addAll(List.of(
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props")));
        all.addAll(List.of(args).subList(session ? 0 : 1, args.length));
        return all.toArray(String[]::new);
    }

    private static Path stagingRoot() {
        return dir.resolve("staging");
    }

    private static Set<Path> stagingEntries() throws java.io.IOException {
        Path spindle = stagingRoot().resolve(".spindle");
        if (!Files.isDirectory(spindle)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(spindle)) {
            return entries.collect(Collectors.toSet());
        }
    }

    private static List<Path> filesUnder(Path root, String suffix) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }
}
