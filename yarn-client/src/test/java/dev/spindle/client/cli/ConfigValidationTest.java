package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.client.cli.programs.OptionInCodeProgram;
import dev.spindle.client.cli.programs.RecordingProgram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad values of known options are usage errors (exit 2, one line naming the key, the value and what
 * is allowed) on every command and target, found before any cluster is looked for: none of these
 * runs has a cluster or a YARN configuration, so without the check they would end with other codes
 * (the program's failure, a missing cluster). That nothing reaches YARN is {@code YarnPerJobIT}'s.
 */
class ConfigValidationTest {
    private static final String BAD_DURATION =
            "invalid value 'fast' for execution.buffer-timeout: " + "expected a duration such as 500 ms, 10 s or 5 min";

    @TempDir
    Path dir;

    @Test
    void aBadDynamicValueIsAUsageErrorOnEveryCommandAndTarget() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);
        String[] bad = {"-D", "execution.buffer-timeout=fast"};
        String[] noYarn = {
            "--yarn-conf-dir", Files.createDirectories(dir.resolve("no-yarn")).toString()
        };
        String[] noCluster = {"--cluster-dir", dir.toString()};
        String job = "0123456789abcdef0123456789abcdef";

        assertUsageError("run", args(new String[] {"run", "-t", "local"}, bad, jar.toString()));
        assertUsageError("run", args(new String[] {"run", "-t", "standalone"}, bad, noCluster, jar.toString()));
        assertUsageError(
                "run",
                args(
                        new String[] {"run", "-t", "yarn-session", "-yid", "application_1_0001"},
                        bad,
                        noYarn,
                        jar.toString()));
        assertUsageError("run", args(new String[] {"run", "-t", "yarn-per-job"}, bad, noYarn, jar.toString()));
        assertUsageError("run", args(new String[] {"run", "-t", "yarn-application"}, bad, noYarn, jar.toString()));
        assertUsageError("run-application", args(new String[] {"run-application"}, bad, noYarn, jar.toString()));
        assertUsageError("info", args(new String[] {"info"}, bad, jar.toString()));
        assertUsageError("list", args(new String[] {"list"}, bad, noCluster));
        assertUsageError("cancel", args(new String[] {"cancel"}, bad, noCluster, job));
    }

    private static void assertUsageError(String command, String[] args) {
        String line = CliRun.of(args).assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertEquals(
                "spindle: error: " + BAD_DURATION + " (see 'spindle " + command + " --help')",
                line,
                String.join(" ", args));
    }

    @Test
    void rangesOfYarnAndEngineOptionsAreChecked() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);
        String noYarn = Files.createDirectories(dir.resolve("no-yarn")).toString();
        String[][] cases = {
            {
                "yarn.containers.vcores=-5",
                "invalid value '-5' for yarn.containers.vcores: expected an integer, -1 or at least 1"
            },
            {"yarn.appmaster.vcores=0", "invalid value '0' for yarn.appmaster.vcores: expected an integer, at least 1"},
            {
                "taskmanager.numberOfTaskSlots=0",
                "invalid value '0' for taskmanager.numberOfTaskSlots: expected an integer, at least 1"
            },
            {"rest.port=70000", "invalid value '70000' for rest.port: expected an integer, between 0 and 65535"},
            {
                "taskmanager.memory.process.size=lots",
                "invalid value 'lots' for taskmanager.memory.process.size: "
                        + "expected a memory size such as 512m or 1g, at least 1m"
            },
            {
                "execution.runtime-mode=FAST",
                "invalid value 'FAST' for execution.runtime-mode: " + "expected one of STREAMING, BATCH, AUTOMATIC"
            },
        };
        for (String[] c : cases) {
            String line = CliRun.of("run", "-t", "yarn-per-job", "--yarn-conf-dir", noYarn, "-D", c[0], jar.toString())
                    .assertOneErrorLine(ExitCodes.USAGE_ERROR);

            assertEquals("spindle: error: " + c[1] + " (see 'spindle run --help')", line, c[0]);
        }
    }

    /** A contradiction the user wrote is a usage error, also against the timeout's default (180 s). */
    @Test
    void aHeartbeatIntervalNotBelowItsTimeoutIsAUsageError() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);

        String line = CliRun.of(
                        "run",
                        "-t",
                        "yarn-per-job",
                        "--yarn-conf-dir",
                        dir.toString(),
                        "-D",
                        "client.heartbeat.interval=10 s",
                        "-D",
                        "client.heartbeat.timeout=5 s",
                        jar.toString())
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertEquals(
                "spindle: error: client.heartbeat.interval (10000 ms) must be below client.heartbeat.timeout "
                        + "(5000 ms), or the cluster would end while its client is still there (see 'spindle run --help')",
                line);

        String alone = CliRun.of(
                        "run",
                        "-t",
                        "yarn-per-job",
                        "--yarn-conf-dir",
                        dir.toString(),
                        "-D",
                        "client.heartbeat.interval=180 s",
                        jar.toString())
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertEquals(
                "spindle: error: client.heartbeat.interval (180000 ms) must be below client.heartbeat.timeout "
                        + "(180000 ms), or the cluster would end while its client is still there (see 'spindle run --help')",
                alone);
    }

    /**
     * The timeout alone is enough (issue 10): the interval is derived from it, so the run passes the
     * check and goes on to look for YARN, which this directory has no configuration of (exit 5).
     */
    @Test
    void aHeartbeatTimeoutAloneIsNotAUsageError() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);
        String noYarn = Files.createDirectories(dir.resolve("no-yarn")).toString();

        CliRun run = CliRun.of(
                "run",
                "-t",
                "yarn-per-job",
                "--yarn-conf-dir",
                noYarn,
                "-D",
                "client.heartbeat.timeout=10s",
                jar.toString());

        assertEquals(ExitCodes.CLUSTER_ERROR, run.exitCode(), run::toString);
        assertFalse(run.err().contains("client.heartbeat"), run::toString);
    }

    @Test
    void unknownKeysPass() throws IOException {
        Path jar = TestJars.jar(dir.resolve("p.jar"), RecordingProgram.class.getName(), RecordingProgram.class);

        CliRun run = CliRun.of(
                "run", "-t", "local", "-D", "fs.s3a.connection.maximum=lots", "-D", "my.own=x", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
    }

    /** main() runs in the client and may set options in code: checked when the job graph is submitted. */
    @Test
    void aBadValueSetInCodeIsAUsageErrorBeforeTheJobIsSubmitted() throws IOException {
        Path jar =
                TestJars.jar(dir.resolve("code.jar"), OptionInCodeProgram.class.getName(), OptionInCodeProgram.class);

        CliRun run = CliRun.of("run", "-t", "local", jar.toString(), "taskmanager.numberOfTaskSlots", "0");

        String line = run.assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertEquals(
                "spindle: error: invalid value '0' for taskmanager.numberOfTaskSlots: expected an integer, at least 1",
                line);
        assertEquals("", run.out(), "no job was submitted");
    }

    @Test
    void yarnSessionFlagsAndValuesAreChecked() {
        String[][] cases = {
            {"-s", "0"},
            {"-D", "yarn.appmaster.vcores=0"},
            {"-jm", "0"},
        };
        String[] expected = {
            "spindle: error: invalid value '0' for taskmanager.numberOfTaskSlots: expected an integer, at least 1",
            "spindle: error: invalid value '0' for yarn.appmaster.vcores: expected an integer, at least 1",
            "spindle: error: invalid value '0b' for jobmanager.memory.process.size: expected a memory size such as 512m "
                    + "or 1g, at least 1m",
        };
        for (int i = 0; i < cases.length; i++) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = YarnSessionCommand.run(
                    args(new String[] {"--yarn-conf-dir", dir.toString(), "-d"}, (Object) cases[i]),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertEquals(ExitCodes.USAGE_ERROR, code, err::toString);
            assertEquals(
                    List.of(expected[i] + " (see 'yarn-session --help')"),
                    err.toString(StandardCharsets.UTF_8).lines().toList(),
                    String.join(" ", cases[i]));
        }
    }

    private static String[] args(String[] first, Object... rest) {
        List<String> all = new ArrayList<>(Arrays.asList(first));
        for (Object r : rest) {
            if (r instanceof String[] a) {
                all.addAll(Arrays.asList(a));
            } else {
                all.add((String) r);
            }
        }
        return all.toArray(String[]::new);
    }
}
