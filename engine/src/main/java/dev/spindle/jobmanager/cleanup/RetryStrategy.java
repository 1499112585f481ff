package dev.spindle.jobmanager.cleanup;

import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How often, and how far apart, a failed cleanup step is tried again ({@code cleanup-strategy}). A
 * pure function of the attempt number, so the same strategy serves every step of every job.
 */
public sealed interface RetryStrategy {

    /**
     * The wait before try {@code attempt} of a step whose try {@code attempt - 1} failed; empty
     * when the step has had its last try and is given up.
     *
     * @param attempt 2 for the first retry, 3 for the next, ...
     */
    Optional<Duration> delayBeforeAttempt(int attempt);

    /** How many times a step is tried in all; {@link Integer#MAX_VALUE} means without limit. */
    int maxAttempts();

    /**
     * The strategy {@code config} asks for: {@code cleanup-strategy} with its {@code
     * fixed-delay.*} or {@code exponential-delay.*} options.
     *
     * @throws dev.spindle.config.IllegalConfigurationException naming the key when a value is invalid
     */
    static RetryStrategy fromConfiguration(Configuration config) {
        String name = config.get(CleanupOptions.STRATEGY).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "none", "off", "disable" -> new NoRetry();
            case "fixed-delay", "fixeddelay" ->
                new FixedDelay(
                        config.get(CleanupOptions.FIXED_DELAY_ATTEMPTS), config.get(CleanupOptions.FIXED_DELAY_DELAY));
            default ->
                new ExponentialDelay(
                        config.get(CleanupOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF),
                        config.get(CleanupOptions.EXPONENTIAL_DELAY_MAX_BACKOFF),
                        config.get(CleanupOptions.EXPONENTIAL_DELAY_ATTEMPTS));
        };
    }

    private static void checkAttempt(int attempt) {
        if (attempt < 2) {
            throw new IllegalArgumentException("a retry is attempt 2 or later, not " + attempt);
        }
    }

    /** {@code none}: one try. */
    record NoRetry() implements RetryStrategy {
        @Override
        public Optional<Duration> delayBeforeAttempt(int attempt) {
            checkAttempt(attempt);
            return Optional.empty();
        }

        @Override
        public int maxAttempts() {
            return 1;
        }

        @Override
        public String toString() {
            return "none (one try)";
        }
    }

    /** {@code fixed-delay}: up to {@code attempts} tries, {@code delay} apart. */
    record FixedDelay(int attempts, Duration delay) implements RetryStrategy {
        public FixedDelay {
            if (attempts < 1 || delay.isNegative()) {
                throw new IllegalArgumentException(
                        "fixed-delay needs attempts >= 1 and a delay >= 0, not " + attempts + " and " + delay);
            }
        }

        @Override
        public Optional<Duration> delayBeforeAttempt(int attempt) {
            checkAttempt(attempt);
            return attempt <= attempts ? Optional.of(delay) : Optional.empty();
        }

        @Override
        public int maxAttempts() {
            return attempts;
        }

        @Override
        public String toString() {
            return "fixed-delay (" + describe(attempts) + ", " + delay.toMillis() + " ms apart)";
        }
    }

    /**
     * {@code exponential-delay}: up to {@code attempts} tries; the wait before the second is {@code
     * initialBackoff}, and doubles before each further one up to {@code maxBackoff}.
     */
    record ExponentialDelay(Duration initialBackoff, Duration maxBackoff, int attempts) implements RetryStrategy {
        public ExponentialDelay {
            if (attempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("exponential-delay needs attempts >= 1 and 0 <= initial "
                        + "backoff <= max backoff, not " + attempts + ", " + initialBackoff + " and " + maxBackoff);
            }
        }

        @Override
        public Optional<Duration> delayBeforeAttempt(int attempt) {
            checkAttempt(attempt);
            if (attempt > attempts) {
                return Optional.empty();
            }
            int doublings = attempt - 2;
            // past 62 doublings any positive backoff exceeds every Duration's nanos: the max applies
            if (doublings >= 62 || initialBackoff.toNanos() > (maxBackoff.toNanos() >> doublings)) {
                return Optional.of(maxBackoff);
            }
            return Optional.of(Duration.ofNanos(initialBackoff.toNanos() << doublings));
        }

        @Override
        public int maxAttempts() {
            return attempts;
        }

        @Override
        public String toString() {
            return "exponential-delay (" + describe(attempts) + ", " + initialBackoff.toMillis() + " ms doubling to "
                    + maxBackoff.toMillis() + " ms)";
        }
    }

    private static String describe(int attempts) {
        return attempts == Integer.MAX_VALUE ? "no limit of attempts" : attempts + " attempts";
    }
}
