package dev.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.RuntimeExecutionMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    @Test
    void valuesAreParsedByType() {
        Configuration c = new Configuration();
        c.setString("parallelism.default", " 4 ");
        c.setString("execution.buffer-timeout", "2 s");
        c.setString("execution.runtime-mode", "batch");
        c.setString("taskmanager.memory.segment-size", "64kb");
        assertEquals(4, c.get(CoreOptions.DEFAULT_PARALLELISM));
        assertEquals(Duration.ofSeconds(2), c.get(CoreOptions.BUFFER_TIMEOUT));
        assertEquals(RuntimeExecutionMode.BATCH, c.get(CoreOptions.RUNTIME_MODE));
        assertEquals(65536, c.get(NetworkOptions.SEGMENT_SIZE).bytes());
        assertEquals(128, c.get(CoreOptions.MAX_PARALLELISM), "the default when unset");
    }

    @Test
    void aMalformedValueNamesTheKey() {
        Configuration c = new Configuration();
        c.setString("execution.runtime-mode", "fast");
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> c.get(CoreOptions.RUNTIME_MODE));
        assertTrue(
                e.getMessage().contains("execution.runtime-mode")
                        && e.getMessage().contains("STREAMING, BATCH"),
                e.getMessage());
        c.setString("taskmanager.memory.segment-size", "12 parsecs");
        assertThrows(IllegalConfigurationException.class, () -> c.get(NetworkOptions.SEGMENT_SIZE));
    }

    @Test
    void deprecatedKeysAreStillRead() {
        ConfigOption<Integer> option =
                ConfigOptions.key("new.key").intType().defaultValue(1).withDeprecatedKeys("old.key");
        Configuration c = new Configuration();
        c.setString("old.key", "7");
        assertEquals(7, c.get(option));
        c.setString("new.key", "8");
        assertEquals(8, c.get(option), "the current key wins");
    }

    @Test
    void memorySizesAndDurations() {
        assertEquals(512L << 20, MemorySize.parse("512m").bytes());
        assertEquals(1L << 30, MemorySize.parse("1 GB").bytes());
        assertEquals("32k", new MemorySize(32768).toString());
        assertEquals(Duration.ofMinutes(5), Configuration.parseDuration("5 min"));
        assertEquals(Duration.ofMillis(250), Configuration.parseDuration("250"));
        assertThrows(IllegalArgumentException.class, () -> MemorySize.parse("-1m"));
    }

    /** The reference in docs/ is generated from the declarations; regenerate it when this fails. */
    @Test
    void theReferenceInDocsIsUpToDate() throws IOException {
        Path docs = Path.of("..", "docs", "configuration.md");
        assertTrue(Files.exists(docs), "missing " + docs.toAbsolutePath());
        assertEquals(
                ConfigDocs.render(),
                Files.readString(docs),
                "docs/configuration.md is stale: java -cp engine/target/classes dev.spindle.config.ConfigDocs > docs/configuration.md");
    }

    @Test
    void aValueOutsideTheDeclaredRangeIsRefusedNamingWhatIsAllowed() {
        Configuration c = new Configuration();
        c.setString("taskmanager.numberOfTaskSlots", "0");
        c.setString("execution.buffer-timeout", "fast");
        c.setString("parallelism.default", "99999999999");

        assertEquals(
                "invalid value '0' for taskmanager.numberOfTaskSlots: expected an integer, at least 1",
                assertThrows(IllegalConfigurationException.class, () -> c.get(ClusterOptions.TASK_SLOTS))
                        .getMessage());
        assertEquals(
                "invalid value 'fast' for execution.buffer-timeout: expected a duration such as 500 ms, 10 s or 5 min",
                assertThrows(IllegalConfigurationException.class, () -> c.get(CoreOptions.BUFFER_TIMEOUT))
                        .getMessage());
        assertEquals(
                "invalid value '99999999999' for parallelism.default: expected an integer, at least 1",
                assertThrows(IllegalConfigurationException.class, () -> c.get(CoreOptions.DEFAULT_PARALLELISM))
                        .getMessage());
    }

    @Test
    void checksFindBadValuesOfKnownKeysAndContradictionsButLetUnknownKeysPass() {
        Configuration c = new Configuration();
        c.setString("some.user.key", "anything");
        ConfigChecks.check(c, ConfigChecks.engineOptions());

        c.setString("heartbeat.interval", "20 s");
        assertEquals(
                "heartbeat.interval (20000 ms) must be below heartbeat.timeout (20000 ms), or TaskManagers would be "
                        + "taken for lost between two heartbeats",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()))
                        .getMessage());

        c.setString("heartbeat.interval", "2 s");
        c.setString("taskmanager.memory.network.min", "2g");
        assertEquals(
                "taskmanager.memory.network.min (2g) must not be above taskmanager.memory.network.max (1g)",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()))
                        .getMessage());

        c.setString("taskmanager.memory.network.min", "64m");
        c.setString("slotmanager.number-of-slots.min", "6");
        c.setString("slotmanager.number-of-slots.max", "4");
        assertEquals(
                "slotmanager.number-of-slots.min (6) must not exceed slotmanager.number-of-slots.max (4)",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()))
                        .getMessage());
        c.setString("slotmanager.number-of-slots.max", "0");
        assertEquals(
                "invalid value '0' for slotmanager.number-of-slots.max: expected an integer, at least 1",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()))
                        .getMessage());
    }

    /** Issue 10: a scheduler sets only the timeout it tolerates; the interval follows from it. */
    @Test
    void theClientHeartbeatIntervalIsDerivedFromTheTimeoutUnlessGiven() {
        Configuration c = new Configuration();
        assertEquals(
                Duration.ofSeconds(30), ClientOptions.clientHeartbeatInterval(c), "defaults: 180 s / 3, at most 30 s");

        c.setString("client.heartbeat.timeout", "10s");
        assertEquals(Duration.ofMillis(3333), ClientOptions.clientHeartbeatInterval(c));
        ConfigChecks.check(c, ConfigChecks.engineOptions());

        c.setString("client.heartbeat.timeout", "180 s");
        assertEquals(Duration.ofSeconds(30), ClientOptions.clientHeartbeatInterval(c));

        c.setString("client.heartbeat.timeout", "2 ms");
        assertEquals(Duration.ofMillis(1), ClientOptions.clientHeartbeatInterval(c), "never zero");

        c.setString("client.heartbeat.timeout", "10s");
        c.setString("client.heartbeat.interval", "10s");
        assertEquals(Duration.ofSeconds(10), ClientOptions.clientHeartbeatInterval(c), "a given interval stays");
        assertEquals(
                "client.heartbeat.interval (10000 ms) must be below client.heartbeat.timeout (10000 ms), or the "
                        + "cluster would end while its client is still there",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()))
                        .getMessage());
    }

    @Test
    void aDefaultMustFollowItsOwnRule() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ConfigOptions.key("x").intType().defaultValue(0).withConstraint(Constraint.atLeast(1)));
        assertEquals("the default of x breaks its own rule: at least 1", e.getMessage());
    }
}
