package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arguments of the cluster processes, and what the JobManager passes on to TaskManagers. */
class EntrypointArgsTest {

    @Test
    void parsesNamedArgumentsAndOptionsInBothForms() {
        EntrypointArgs a = EntrypointArgs.parse(new String[] {"--slots", "3", "-D", "heartbeat.timeout=4s",
            "-Dtaskmanager.numberOfTaskSlots=2", "--worker-id", "w-1"}, Set.of("slots", "worker-id"));

        assertEquals(3, a.requiredInt("slots"));
        assertEquals("w-1", a.required("worker-id"));
        assertEquals("127.0.0.1", a.optional("bind-host", "127.0.0.1"));
        assertEquals(Duration.ofSeconds(4), a.configuration().get(ClusterOptions.HEARTBEAT_TIMEOUT));
        assertEquals(2, a.configuration().get(ClusterOptions.TASK_SLOTS));
    }

    @Test
    void refusesWhatItDoesNotKnowWithAMessageNamingIt() {
        assertEquals("unknown argument '--secret'; expected -D key=value or one of --slots",
                assertThrows(IllegalArgumentException.class,
                        () -> EntrypointArgs.parse(new String[] {"--secret", "x"}, Set.of("slots"))).getMessage());
        assertEquals("--slots needs a value", assertThrows(IllegalArgumentException.class,
                () -> EntrypointArgs.parse(new String[] {"--slots"}, Set.of("slots"))).getMessage());
        assertEquals("-D takes key=value, got 'novalue'", assertThrows(IllegalArgumentException.class,
                () -> EntrypointArgs.parse(new String[] {"-Dnovalue"}, Set.of())).getMessage());
        EntrypointArgs empty = EntrypointArgs.parse(new String[] {"--slots", "x"}, Set.of("slots", "jobmanager"));
        assertEquals("--jobmanager is required",
                assertThrows(IllegalArgumentException.class, () -> empty.required("jobmanager")).getMessage());
        assertEquals("--slots takes a number, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> empty.requiredInt("slots")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntrypointArgs.hostAndPort("localhost", "--jobmanager"));
        assertThrows(IllegalArgumentException.class, () -> EntrypointArgs.hostAndPort("h:99999", "--jobmanager"));
        assertEquals(6123, EntrypointArgs.hostAndPort("127.0.0.1:6123", "--jobmanager").getPort());
    }

    @Test
    void aConfigurationSurvivesTheTripToAnotherProcess() {
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(300));
        config.setString("pipeline.name", "a b=c");

        List<String> args = EntrypointArgs.asArguments(config);
        Configuration back = EntrypointArgs.parse(args.toArray(new String[0]), Set.of()).configuration();

        assertEquals(config.toMap(), back.toMap());
    }

    @Test
    void classpathEntriesBecomeAbsoluteForWorkersInOtherDirectories() {
        String cp = String.join(File.pathSeparator, "lib/a.jar", "/opt/b.jar", "lib/*", "");
        String cwd = Path.of("").toAbsolutePath().toString();

        assertEquals(String.join(File.pathSeparator, cwd + "/lib/a.jar", "/opt/b.jar", cwd + "/lib/*"),
                JobManagerMain.absoluteClasspath(cp));
    }
}
