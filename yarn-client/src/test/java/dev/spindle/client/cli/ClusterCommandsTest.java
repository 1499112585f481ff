package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.client.cli.programs.RecordingProgram;
import dev.spindle.client.yarn.YarnPropertiesFile;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, {@code cancel} and {@code run -t standalone} in-process, where no cluster is
 * needed: usage errors and clusters that are not there. The commands against a running cluster
 * are in {@code StandaloneClusterIT}.
 */
class ClusterCommandsTest {
    private static final String SOME_JOB = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void anEmptyClusterDirectoryMeansNoClusterForEveryCommand() throws IOException {
        String expected = "spindle: error: no standalone cluster running in " + dir
                + "; start one with SPINDLE_CLUSTER_DIR=" + dir + " scripts/standalone-cluster start";
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);

        for (String[] args : new String[][] {
            {"list", "--cluster-dir", dir.toString()},
            {"cancel", "--cluster-dir", dir.toString(), SOME_JOB},
            {"checkpoints", "--cluster-dir", dir.toString(), SOME_JOB},
            {"savepoint", "--cluster-dir", dir.toString(), SOME_JOB},
            {"stop", "--cluster-dir", dir.toString(), SOME_JOB},
            {"run", "-t", "standalone", "--cluster-dir", dir.toString(), jar.toString()}
        }) {
            String line = CliRun.of(args).assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

            assertEquals(expected, line, String.join(" ", args));
        }
    }

    @Test
    void aClusterThatDiedIsOneLineWithTheRestartAdvice() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Properties info = new Properties();
        info.setProperty("rest.address", "http://127.0.0.1:" + port);
        try (Writer out = Files.newBufferedWriter(dir.resolve("jobmanager.properties"))) {
            info.store(out, null);
        }

        String line = CliRun.of("list", "--cluster-dir", dir.toString()).assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

        assertEquals(
                "spindle: error: the standalone cluster in " + dir + " does not answer at http://127.0.0.1:" + port
                        + " (connection refused); is it still running? See " + dir.resolve("jobmanager.log")
                        + ", and restart it with scripts/standalone-cluster stop and start (SPINDLE_CLUSTER_DIR=" + dir
                        + ")",
                line);
    }

    @Test
    void aClusterThatNeverAnswersFailsAfterTheConfiguredRequestTimeout() throws IOException {
        // The kernel completes the connection on the listening socket; nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Properties info = new Properties();
            info.setProperty("rest.address", "http://127.0.0.1:" + silent.getLocalPort());
            try (Writer out = Files.newBufferedWriter(dir.resolve("jobmanager.properties"))) {
                info.store(out, null);
            }

            String line = CliRun.of("list", "--cluster-dir", dir.toString(), "-D", "client.rest.request-timeout=300 ms")
                    .assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

            assertTrue(
                    line.startsWith("spindle: error: the standalone cluster in " + dir + " does not answer at "
                            + "http://127.0.0.1:" + silent.getLocalPort() + " (no answer within 300 ms); "),
                    line);
        }
    }

    @Test
    void aJobIdThatIsNot32HexDigitsIsAUsageError() {
        for (String id : new String[] {"xyz", SOME_JOB + "0", SOME_JOB.replace('a', 'g')}) {
            String line =
                    CliRun.of("cancel", "--cluster-dir", dir.toString(), id).assertOneErrorLine(ExitCodes.USAGE_ERROR);

            assertTrue(line.startsWith("spindle: error: <jobid> must be 32 hex digits, got '" + id + "'"), line);
        }
    }

    @Test
    void cancelNeedsAJobId() {
        String line = CliRun.of("cancel", "--cluster-dir", dir.toString()).assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("<jobid>"), line);
    }

    @Test
    void aDirectoryAndAnAddressContradictEachOther() {
        String line = CliRun.of("list", "--cluster-dir", dir.toString(), "-m", "localhost:8081")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("give either --cluster-dir or -m/--jobmanager, not both"), line);
    }

    @Test
    void aSecretFileGoesWithAnAddress() {
        String line = CliRun.of("list", "--cluster-dir", dir.toString(), "--secret-file", "s")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("--secret-file goes with -m/--jobmanager"), line);
    }

    @Test
    void aMalformedAddressIsAUsageError() {
        String line = CliRun.of("list", "-m", "ftp://h:1").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("the JobManager address must be http://host:port, got 'ftp://h:1'"), line);
    }

    @Test
    void cancellingThroughAnAddressWithoutSecretIsAClusterErrorNamingTheFix() {
        // The CLI would take the secret from the build's environment; the run then reports this
        // test skipped rather than passed.
        assumeTrue(
                System.getenv(ClusterSecret.FILE_ENV) == null,
                ClusterSecret.FILE_ENV + " is set in the build's environment, so the CLI has a secret");
        String line =
                CliRun.of("cancel", "-m", "http://127.0.0.1:1", SOME_JOB).assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

        assertTrue(
                line.contains("needs its secret: pass --secret-file <file> or set SPINDLE_CLUSTER_SECRET_FILE"), line);
    }

    /** Without -t, a properties file that names a session sends run, list, cancel, savepoint and stop to it. */
    @Test
    void withoutATargetThePropertiesFileChoosesTheYarnSession() throws IOException {
        Path props = Files.createDirectories(dir.resolve("props"));
        new YarnPropertiesFile(props.resolve(".yarn-properties-" + System.getProperty("user.name")))
                .write("application_1700000000000_0007");
        Path emptyConf = Files.createDirectories(dir.resolve("conf"));
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);
        String[] yarnOptions = {"--yarn-conf-dir", emptyConf.toString(), "-D", "yarn.properties-file.location=" + props
        };

        for (String[] args : new String[][] {
            concat(new String[] {"list"}, yarnOptions),
            concat(concat(new String[] {"cancel"}, yarnOptions), new String[] {SOME_JOB}),
            concat(concat(new String[] {"savepoint"}, yarnOptions), new String[] {SOME_JOB}),
            concat(concat(new String[] {"stop"}, yarnOptions), new String[] {SOME_JOB}),
            concat(concat(new String[] {"run"}, yarnOptions), new String[] {jar.toString()})
        }) {
            String line = CliRun.of(args).assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

            assertTrue(line.contains("no yarn-site.xml in " + emptyConf), String.join(" ", args) + ": " + line);
        }
    }

    @Test
    void standaloneOptionsWinOverThePropertiesFile() throws IOException {
        Path props = Files.createDirectories(dir.resolve("props"));
        new YarnPropertiesFile(props.resolve(".yarn-properties-" + System.getProperty("user.name")))
                .write("application_1700000000000_0007");

        String line = CliRun.of("list", "--cluster-dir", dir.toString(), "-D", "yarn.properties-file.location=" + props)
                .assertOneErrorLine(ExitCodes.CLUSTER_ERROR);

        assertTrue(line.contains("no standalone cluster running in " + dir), line);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void clusterOptionsDoNotApplyToTheLocalTarget() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);

        String line = CliRun.of("run", "-t", "local", "--cluster-dir", dir.toString(), jar.toString())
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("--cluster-dir, -m and --secret-file apply to -t standalone only"), line);
    }

    @Test
    void listAndCancelHelpShowTheClusterOptionsAndExitCodes() {
        for (String command : new String[] {"list", "cancel", "checkpoints", "savepoint", "stop"}) {
            CliRun run = CliRun.of(command, "--help");

            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            for (String option : new String[] {"--cluster-dir", "--jobmanager", "--secret-file", "Exit codes:"}) {
                assertTrue(run.out().contains(option), () -> option + " missing from " + run.out());
            }
        }
    }
}
