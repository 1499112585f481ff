package dev.spindle.jobmanager.restart;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.ConfigChecks;
import dev.spindle.config.ConfigOption;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.RestartStrategyOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.random.RandomGenerator;

/** Makes the {@link RestartStrategy} a configuration asks for ({@link RestartStrategyOptions}). */
public final class RestartStrategies {
    private RestartStrategies() {}

    /**
     * The strategy of {@code restart-strategy.type}, or, when it is unset, {@code none} without
     * checkpointing and {@code exponential-delay} with it (Flink's defaults).
     *
     * @param checkpointingEnabled whether the job takes checkpoints ({@link #checkpointingEnabled})
     * @throws IllegalConfigurationException for an unknown type or a bad value of its options; the
     *     message names the key and what it accepts
     */
    public static RestartStrategy create(Configuration configuration, boolean checkpointingEnabled) {
        return create(configuration, checkpointingEnabled, new Random());
    }

    /** As {@link #create(Configuration, boolean)}, with the jitter of exponential-delay drawn from {@code random}. */
    public static RestartStrategy create(
            Configuration configuration, boolean checkpointingEnabled, RandomGenerator random) {
        String type = configuration.get(RestartStrategyOptions.TYPE);
        if (type == null) {
            type = checkpointingEnabled ? "exponential-delay" : "none";
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "none", "off", "disable" -> new NoRestartStrategy();
            case "fixed-delay", "fixeddelay" ->
                new FixedDelayRestartStrategy(
                        configuration.get(RestartStrategyOptions.FIXED_DELAY_ATTEMPTS),
                        millis(configuration, RestartStrategyOptions.FIXED_DELAY_DELAY));
            case "failure-rate", "failurerate" ->
                new FailureRateRestartStrategy(
                        configuration.get(RestartStrategyOptions.FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
                        millis(configuration, RestartStrategyOptions.FAILURE_RATE_INTERVAL),
                        millis(configuration, RestartStrategyOptions.FAILURE_RATE_DELAY));
            case "exponential-delay", "exponentialdelay" -> exponentialDelay(configuration, random);
            // unreachable: the option's constraint admits only the types above
            default ->
                throw new IllegalConfigurationException("unknown restart-strategy.type '" + type + "': expected one of "
                        + String.join(", ", RestartStrategyOptions.TYPES));
        };
    }

    /**
     * Whether the configuration turns checkpointing on: {@code execution.checkpointing.interval}
     * set and more than 0.
     */
    public static boolean checkpointingEnabled(Configuration configuration) {
        Duration interval = configuration.get(CheckpointingOptions.INTERVAL);
        return interval != null && !interval.isZero() && !interval.isNegative();
    }

    private static RestartStrategy exponentialDelay(Configuration configuration, RandomGenerator random) {
        ConfigChecks.exponentialBackoffBounds(configuration);
        return new ExponentialDelayRestartStrategy(
                millis(configuration, RestartStrategyOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF),
                millis(configuration, RestartStrategyOptions.EXPONENTIAL_DELAY_MAX_BACKOFF),
                configuration.get(RestartStrategyOptions.EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
                millis(configuration, RestartStrategyOptions.EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
                configuration.get(RestartStrategyOptions.EXPONENTIAL_DELAY_JITTER_FACTOR),
                configuration.get(RestartStrategyOptions.EXPONENTIAL_DELAY_ATTEMPTS),
                random);
    }

    /** A duration in whole milliseconds; one too long for a long (days are fine) is refused. */
    private static long millis(Configuration configuration, ConfigOption<Duration> option) {
        Duration d = configuration.get(option);
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalConfigurationException("invalid value for " + option.key() + ": too long", e);
        }
    }
}
