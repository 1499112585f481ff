package dev.spindle.cluster.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arguments of the cluster processes. */
class EntrypointArgsTest {

    @TempDir
    Path dir;

    @Test
    void parsesNamedArgumentsAndTheConfigurationFile() throws Exception {
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(4));
        config.set(ClusterOptions.TASK_SLOTS, 2);
        Path file = dir.resolve("c.conf");
        ConfigurationFile.write(config, file);

        EntrypointArgs a = EntrypointArgs.parse(
                new String[] {"--slots", "3", "--config-file", file.toString(), "--worker-id", "w-1"},
                Set.of("slots", "worker-id"));

        assertEquals(3, a.requiredInt("slots"));
        assertEquals("w-1", a.required("worker-id"));
        assertEquals("127.0.0.1", a.optional("bind-host", "127.0.0.1"));
        assertEquals(Duration.ofSeconds(4), a.configuration().get(ClusterOptions.HEARTBEAT_TIMEOUT));
        assertEquals(2, a.configuration().get(ClusterOptions.TASK_SLOTS));
    }

    @Test
    void refusesWhatItDoesNotKnowWithAMessageNamingIt() {
        assertEquals(
                "unknown argument '--secret'; expected --config-file or one of --slots",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EntrypointArgs.parse(new String[] {"--secret", "x"}, Set.of("slots")))
                        .getMessage());
        assertEquals(
                "--slots needs a value",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EntrypointArgs.parse(new String[] {"--slots"}, Set.of("slots")))
                        .getMessage());
        EntrypointArgs empty = EntrypointArgs.parse(new String[] {"--slots", "x"}, Set.of("slots", "jobmanager"));
        assertEquals(
                "--jobmanager is required",
                assertThrows(IllegalArgumentException.class, () -> empty.required("jobmanager"))
                        .getMessage());
        assertEquals(
                "--slots takes a number, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> empty.requiredInt("slots"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntrypointArgs.hostAndPort("localhost", "--jobmanager"));
        assertThrows(IllegalArgumentException.class, () -> EntrypointArgs.hostAndPort("h:99999", "--jobmanager"));
        assertEquals(
                6123,
                EntrypointArgs.hostAndPort("127.0.0.1:6123", "--jobmanager").getPort());
        String missing = dir.resolve("missing.conf").toString();
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> EntrypointArgs.parse(new String[] {"--config-file", missing}, Set.of()))
                .getMessage()
                .startsWith("cannot read the configuration file " + missing + ": java.nio.file.NoSuchFileException"));
    }

    /** A value on a command line is in ps and /proc/PID/cmdline for every user; the refusal names only the key. */
    @Test
    void configurationOptionsAsArgumentsAreRefusedWithoutRepeatingTheValue() {
        for (String[] args :
                List.of(new String[] {"-D", "fs.s3a.secret.key=s3cr3t"}, new String[] {"-Dfs.s3a.secret.key=s3cr3t"})) {
            String message = assertThrows(IllegalArgumentException.class, () -> EntrypointArgs.parse(args, Set.of()))
                    .getMessage();
            assertEquals(
                    "configuration options are not taken as arguments (-D fs.s3a.secret.key): "
                            + "a command line is visible to every user of the machine; "
                            + "put them in the file of --config-file",
                    message);
            assertFalse(message.contains("s3cr3t"), message);
        }
    }

    @Test
    void classpathEntriesBecomeAbsoluteForWorkersInOtherDirectories() {
        String cp = String.join(File.pathSeparator, "lib/a.jar", "/opt/b.jar", "lib/*", "");
        String cwd = Path.of("").toAbsolutePath().toString();

        assertEquals(
                String.join(File.pathSeparator, cwd + "/lib/a.jar", "/opt/b.jar", cwd + "/lib/*"),
                JobManagerMain.absoluteClasspath(cp));
    }
}
