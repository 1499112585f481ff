package dev.spindle.jobmanager.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.ConfigChecks;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.RestartStrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartStrategiesTest {
    private static final String DEFAULT_EXPONENTIAL =
            "exponential-delay (initial-backoff 1000 ms, max-backoff 60000 ms, backoff-multiplier 1.5,"
                    + " reset-backoff-threshold 3600000 ms, jitter-factor 0.1, attempts-before-reset-backoff unlimited)";

    @Test
    void withoutCheckpointingTheDefaultIsNone() {
        RestartStrategy strategy = RestartStrategies.create(new Configuration(), false);

        assertEquals("none (a failure fails the job)", strategy.description());
        strategy.notifyFailure(0);
        assertFalse(strategy.canRestart(0));
    }

    @Test
    void withCheckpointingTheDefaultIsExponentialDelay() {
        RestartStrategy strategy = RestartStrategies.create(new Configuration(), true);

        assertEquals(DEFAULT_EXPONENTIAL, strategy.description());
        strategy.notifyFailure(0);
        assertTrue(strategy.canRestart(0));
        long backoff = strategy.backoffMillis(0);
        assertTrue(backoff >= 1000 && backoff <= 1100, "1 s and up to 10 % jitter, got " + backoff);
    }

    @Test
    void theDefaultsOfEachType() {
        assertEquals(
                "fixed-delay (attempts 1, delay 1000 ms)", typed("fixed-delay").description());
        assertEquals(
                "failure-rate (max-failures-per-interval 1, failure-rate-interval 60000 ms, delay 1000 ms)",
                typed("failure-rate").description());
        assertEquals(DEFAULT_EXPONENTIAL, typed("exponential-delay").description());
    }

    @Test
    void checkpointingIsOnWithAPositiveInterval() {
        assertFalse(RestartStrategies.checkpointingEnabled(new Configuration()));
        assertFalse(RestartStrategies.checkpointingEnabled(config("execution.checkpointing.interval", "0 ms")));
        assertTrue(RestartStrategies.checkpointingEnabled(config("execution.checkpointing.interval", "200 ms")));
    }

    @Test
    void flinksAliasesAndAnyCaseAreAccepted() {
        assertEquals("none (a failure fails the job)", typed("off").description());
        assertEquals("none (a failure fails the job)", typed("disable").description());
        assertTrue(typed("fixeddelay").description().startsWith("fixed-delay "));
        assertTrue(typed("FailureRate").description().startsWith("failure-rate "));
        assertTrue(typed("exponentialdelay").description().startsWith("exponential-delay "));
    }

    @Test
    void anExplicitTypeWinsOverTheCheckpointingDefault() {
        assertEquals(
                "none (a failure fails the job)",
                RestartStrategies.create(config("restart-strategy.type", "none"), true)
                        .description());
    }

    @Test
    void flinksOlderKeyIsStillRead() {
        assertEquals(
                "fixed-delay (attempts 1, delay 1000 ms)",
                RestartStrategies.create(config("restart-strategy", "fixed-delay"), false)
                        .description());
    }

    @Test
    void optionsAreRead() {
        Configuration c = Configuration.fromMap(Map.of(
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "5",
                "restart-strategy.fixed-delay.delay", "10 s"));

        assertEquals(
                "fixed-delay (attempts 5, delay 10000 ms)",
                RestartStrategies.create(c, false).description());
    }

    @Test
    void anUnknownTypeNamesTheAllowedOnes() {
        IllegalConfigurationException e = assertThrows(
                IllegalConfigurationException.class,
                () -> RestartStrategies.create(config("restart-strategy.type", "sometimes"), false));

        assertEquals(
                "invalid value 'sometimes' for restart-strategy.type: expected a string, one of none, off, disable, "
                        + "fixed-delay, fixeddelay, exponential-delay, exponentialdelay, failure-rate, failurerate",
                e.getMessage());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertBad(
                "invalid value '-1' for restart-strategy.fixed-delay.attempts: expected an integer, at least 0",
                "fixed-delay",
                "restart-strategy.fixed-delay.attempts",
                "-1");
        assertBad(
                "invalid value '1.0' for restart-strategy.exponential-delay.backoff-multiplier: expected a number, "
                        + "more than 1",
                "exponential-delay",
                "restart-strategy.exponential-delay.backoff-multiplier",
                "1.0");
        assertBad(
                "invalid value '1.5' for restart-strategy.exponential-delay.jitter-factor: expected a number, "
                        + "between 0.0 and 1.0",
                "exponential-delay",
                "restart-strategy.exponential-delay.jitter-factor",
                "1.5");
        assertBad(
                "invalid value '0 ms' for restart-strategy.failure-rate.failure-rate-interval: expected a duration "
                        + "such as 500 ms, 10 s or 5 min, at least 1 ms",
                "failure-rate",
                "restart-strategy.failure-rate.failure-rate-interval",
                "0 ms");
        assertBad(
                "invalid value '0' for restart-strategy.failure-rate.max-failures-per-interval: expected an integer, "
                        + "at least 1",
                "failure-rate",
                "restart-strategy.failure-rate.max-failures-per-interval",
                "0");
    }

    @Test
    void theMaxBackoffMustNotBeBelowTheInitial() {
        Configuration c = Configuration.fromMap(Map.of(
                "restart-strategy.type", "exponential-delay",
                "restart-strategy.exponential-delay.initial-backoff", "10 s",
                "restart-strategy.exponential-delay.max-backoff", "5 s"));

        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> RestartStrategies.create(c, false));

        assertEquals(
                "restart-strategy.exponential-delay.max-backoff (5000 ms) must not be below "
                        + "restart-strategy.exponential-delay.initial-backoff (10000 ms)",
                e.getMessage());
        assertThrows(
                IllegalConfigurationException.class,
                () -> ConfigChecks.check(c, ConfigChecks.engineOptions()),
                "clients refuse it before they submit");
        Configuration withoutCheckpoints = new Configuration(c);
        withoutCheckpoints.remove(RestartStrategyOptions.TYPE);
        ConfigChecks.check(withoutCheckpoints, ConfigChecks.engineOptions()); // never used: none is the default
        withoutCheckpoints.setString("execution.checkpointing.interval", "1 s");
        assertThrows(
                IllegalConfigurationException.class,
                () -> ConfigChecks.check(withoutCheckpoints, ConfigChecks.engineOptions()),
                "with checkpoints exponential-delay is the default");
    }

    @Test
    void optionsOfAnotherTypeAreNotRead() {
        Configuration c = Configuration.fromMap(
                Map.of("restart-strategy.type", "none", "restart-strategy.fixed-delay.attempts", "-1"));

        assertEquals(
                "none (a failure fails the job)",
                RestartStrategies.create(c, false).description());
    }

    private static void assertBad(String message, String type, String key, String value) {
        Configuration c = Configuration.fromMap(Map.of("restart-strategy.type", type, key, value));

        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> RestartStrategies.create(c, false));

        assertEquals(message, e.getMessage());
    }

    private static RestartStrategy typed(String type) {
        return RestartStrategies.create(config("restart-strategy.type", type), false);
    }

    private static Configuration config(String key, String value) {
        return Configuration.fromMap(Map.of(key, value));
    }
}
