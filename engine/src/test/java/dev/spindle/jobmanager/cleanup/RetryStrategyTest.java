package dev.spindle.jobmanager.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryStrategyTest {

    /** The delays before tries 2, 3, ... until the strategy gives up (at most {@code limit} of them). */
    private static List<Long> delaysMillis(RetryStrategy strategy, int limit) {
        List<Long> delays = new ArrayList<>();
        for (int attempt = 2; delays.size() < limit; attempt++) {
            Optional<Duration> delay = strategy.delayBeforeAttempt(attempt);
            if (delay.isEmpty()) {
                break;
            }
            delays.add(delay.get().toMillis());
        }
        return delays;
    }

    private static RetryStrategy fromConfig(String strategy) {
        return RetryStrategy.fromConfiguration(new Configuration().set(CleanupOptions.STRATEGY, strategy));
    }

    @Test
    void noneAndItsAliasesTryOnce() {
        for (String name : List.of("none", "off", "disable", "NONE")) {
            RetryStrategy strategy = fromConfig(name);
            assertEquals(1, strategy.maxAttempts(), name);
            assertEquals(Optional.empty(), strategy.delayBeforeAttempt(2), name);
        }
    }

    @Test
    void fixedDelayWaitsTheSameBeforeEachTryUpToTheAttempts() {
        Configuration config = new Configuration()
                .set(CleanupOptions.STRATEGY, "fixeddelay")
                .set(CleanupOptions.FIXED_DELAY_ATTEMPTS, 4)
                .set(CleanupOptions.FIXED_DELAY_DELAY, Duration.ofMillis(250));
        RetryStrategy strategy = RetryStrategy.fromConfiguration(config);
        assertEquals(new RetryStrategy.FixedDelay(4, Duration.ofMillis(250)), strategy);
        assertEquals(List.of(250L, 250L, 250L), delaysMillis(strategy, 100));
        assertEquals(4, strategy.maxAttempts());
        assertEquals("fixed-delay (4 attempts, 250 ms apart)", strategy.toString());
    }

    @Test
    void fixedDelayDefaultsToAMinuteWithoutLimit() {
        RetryStrategy strategy = fromConfig("fixed-delay");
        assertEquals(Optional.of(Duration.ofMinutes(1)), strategy.delayBeforeAttempt(Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, strategy.maxAttempts());
    }

    @Test
    void exponentialDelayDoublesUpToTheMaxBackoff() {
        Configuration config = new Configuration()
                .set(CleanupOptions.STRATEGY, "exponential-delay")
                .set(CleanupOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofMillis(10))
                .set(CleanupOptions.EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMillis(50))
                .set(CleanupOptions.EXPONENTIAL_DELAY_ATTEMPTS, 7);
        RetryStrategy strategy = RetryStrategy.fromConfiguration(config);
        assertEquals(List.of(10L, 20L, 40L, 50L, 50L, 50L), delaysMillis(strategy, 100));
        assertEquals(7, strategy.maxAttempts());
        assertEquals("exponential-delay (7 attempts, 10 ms doubling to 50 ms)", strategy.toString());
    }

    @Test
    void exponentialDelayIsTheDefaultFromOneSecondToOneHourWithoutLimit() {
        RetryStrategy strategy = RetryStrategy.fromConfiguration(new Configuration());
        assertInstanceOf(RetryStrategy.ExponentialDelay.class, strategy);
        assertEquals(
                List.of(
                        1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 64000L, 128000L, 256000L, 512000L, 1024000L,
                        2048000L, 3600000L, 3600000L),
                delaysMillis(strategy, 14));
        assertEquals(Optional.of(Duration.ofHours(1)), strategy.delayBeforeAttempt(64));
        assertEquals(Optional.of(Duration.ofHours(1)), strategy.delayBeforeAttempt(Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, strategy.maxAttempts());
        assertEquals("exponential-delay (no limit of attempts, 1000 ms doubling to 3600000 ms)", strategy.toString());
    }

    @Test
    void anUnknownStrategyIsRefusedNamingTheKey() {
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class, () -> fromConfig("linear"));
        assertEquals(true, e.getMessage().contains("cleanup-strategy"), e.getMessage());
    }

    @Test
    void theFirstTryIsNoRetry() {
        assertThrows(IllegalArgumentException.class, () -> new RetryStrategy.NoRetry().delayBeforeAttempt(1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryStrategy.FixedDelay(3, Duration.ZERO).delayBeforeAttempt(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryStrategy.ExponentialDelay(Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
    }
}
