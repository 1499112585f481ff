package dev.spindle.jobmanager.restart;

/**
 * {@code fixed-delay}: up to {@code attempts} restarts over the job's whole life, each after the
 * same delay; the failure after the last allowed restart fails the job. As in Flink, every failure
 * counts, however long the job ran before it.
 */
final class FixedDelayRestartStrategy implements RestartStrategy {
    private final int attempts;
    private final long delayMillis;
    private int failures;

    FixedDelayRestartStrategy(int attempts, long delayMillis) {
        if (attempts < 0 || delayMillis < 0) {
            throw new IllegalArgumentException("attempts and delay must not be negative");
        }
        this.attempts = attempts;
        this.delayMillis = delayMillis;
    }

    @Override
    public boolean notifyFailure(long timestampMillis) {
        failures++;
        return true;
    }

    @Override
    public boolean canRestart(long nowMillis) {
        return failures <= attempts;
    }

    @Override
    public long backoffMillis(long nowMillis) {
        return delayMillis;
    }

    @Override
    public String description() {
        return "fixed-delay (attempts " + attempts + ", delay " + delayMillis + " ms)";
    }

    @Override
    public String toString() {
        return description();
    }
}
