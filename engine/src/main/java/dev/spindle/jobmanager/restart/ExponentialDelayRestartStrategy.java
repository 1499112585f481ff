package dev.spindle.jobmanager.restart;

import java.util.random.RandomGenerator;

/**
 * {@code exponential-delay}: the n-th restart (counting from 0) waits {@code initial × multiplier^n}
 * moved by a random jitter of up to {@code jitterFactor} of it either way, and never less than
 * {@code initial} nor more than {@code max}. Flink 1.20's semantics:
 *
 * <ul>
 *   <li>Failures up to the planned restart time join the pending attempt (many tasks failing for
 *       one cause are one restart, not many), so the backoff grows once per restart.
 *   <li>A failure {@code resetThreshold} or longer after the last planned restart time resets the
 *       backoff to {@code initial} and the count of attempts to 0.
 *   <li>The job fails when it would need more than {@code attemptsBeforeReset} restarts before such
 *       a reset.
 * </ul>
 */
final class ExponentialDelayRestartStrategy implements RestartStrategy {
    /** Before the first failure: no restart is planned. */
    private static final long NONE_PLANNED = Long.MIN_VALUE;
    /** About 73 million years: never reached by a configured max backoff, far from overflowing. */
    private static final double BASE_CAP = Long.MAX_VALUE / 4.0;

    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final double multiplier;
    private final long resetThresholdMillis;
    private final double jitterFactor;
    private final int attemptsBeforeReset;
    private final RandomGenerator random;
    private int attempts;
    private long nextRestartMillis = NONE_PLANNED;

    /** @param random the jitter's source; a seeded or scripted one makes the backoffs repeatable */
    ExponentialDelayRestartStrategy(
            long initialBackoffMillis,
            long maxBackoffMillis,
            double multiplier,
            long resetThresholdMillis,
            double jitterFactor,
            int attemptsBeforeReset,
            RandomGenerator random) {
        if (initialBackoffMillis < 1 || maxBackoffMillis < initialBackoffMillis) {
            throw new IllegalArgumentException("need 1 ms <= initial backoff <= max backoff, got "
                    + initialBackoffMillis + " ms and " + maxBackoffMillis + " ms");
        }
        if (!(multiplier > 1.0) || resetThresholdMillis < 1 || !(jitterFactor >= 0 && jitterFactor <= 1)) {
            throw new IllegalArgumentException("need multiplier > 1, reset threshold >= 1 ms, jitter in [0, 1]");
        }
        if (attemptsBeforeReset < 1) {
            throw new IllegalArgumentException("attempts before reset must be at least 1");
        }
        this.initialBackoffMillis = initialBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.multiplier = multiplier;
        this.resetThresholdMillis = resetThresholdMillis;
        this.jitterFactor = jitterFactor;
        this.attemptsBeforeReset = attemptsBeforeReset;
        this.random = random;
    }

    @Override
    public boolean notifyFailure(long timestampMillis) {
        if (nextRestartMillis != NONE_PLANNED && timestampMillis <= nextRestartMillis) {
            return false; // the restart planned for an earlier failure covers this one
        }
        if (nextRestartMillis != NONE_PLANNED && timestampMillis - nextRestartMillis >= resetThresholdMillis) {
            attempts = 0;
        }
        nextRestartMillis = timestampMillis + backoffOfAttempt(attempts);
        attempts++;
        return true;
    }

    @Override
    public boolean canRestart(long nowMillis) {
        return attempts <= attemptsBeforeReset;
    }

    @Override
    public long backoffMillis(long nowMillis) {
        if (nextRestartMillis == NONE_PLANNED) {
            throw new IllegalStateException("backoffMillis before any failure was notified");
        }
        return Math.max(0, nextRestartMillis - nowMillis);
    }

    /** The wait before restart number {@code attempt} (0 for the first), jitter included. */
    private long backoffOfAttempt(int attempt) {
        // Capped far above any max backoff, so that neither the jitter's range nor the sum overflow.
        long base = (long) Math.min(initialBackoffMillis * Math.pow(multiplier, attempt), BASE_CAP);
        long jitter = 0;
        if (jitterFactor > 0) {
            long range = (long) (base * jitterFactor);
            jitter = range == 0 ? 0 : random.nextLong(-range, range + 1);
        }
        return Math.max(initialBackoffMillis, Math.min(base + jitter, maxBackoffMillis));
    }

    @Override
    public String description() {
        return "exponential-delay (initial-backoff " + initialBackoffMillis + " ms, max-backoff " + maxBackoffMillis
                + " ms, backoff-multiplier " + multiplier + ", reset-backoff-threshold " + resetThresholdMillis
                + " ms, jitter-factor " + jitterFactor + ", attempts-before-reset-backoff "
                + (attemptsBeforeReset == Integer.MAX_VALUE ? "unlimited" : attemptsBeforeReset) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
