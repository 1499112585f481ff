package dev.spindle.jobmanager.restart;

import java.util.ArrayDeque;

/**
 * {@code failure-rate}: restarts while no more than {@code maxFailuresPerInterval} failures fell
 * in any window of {@code intervalMillis}; the failure that makes one more fails the job. The
 * window is closed at both ends (as Flink's): failures exactly {@code intervalMillis} apart are
 * in one window. Keeps the times of the last {@code maxFailuresPerInterval + 1} failures only.
 */
final class FailureRateRestartStrategy implements RestartStrategy {
    private final int maxFailuresPerInterval;
    private final long intervalMillis;
    private final long delayMillis;
    private final ArrayDeque<Long> failureTimes = new ArrayDeque<>();

    FailureRateRestartStrategy(int maxFailuresPerInterval, long intervalMillis, long delayMillis) {
        if (maxFailuresPerInterval < 1 || intervalMillis < 1 || delayMillis < 0) {
            throw new IllegalArgumentException("need at least 1 failure per interval of at least 1 ms, delay >= 0");
        }
        this.maxFailuresPerInterval = maxFailuresPerInterval;
        this.intervalMillis = intervalMillis;
        this.delayMillis = delayMillis;
    }

    @Override
    public boolean notifyFailure(long timestampMillis) {
        if (failureTimes.size() > maxFailuresPerInterval) {
            failureTimes.removeFirst();
        }
        failureTimes.addLast(timestampMillis);
        return true;
    }

    @Override
    public boolean canRestart(long nowMillis) {
        if (failureTimes.size() <= maxFailuresPerInterval) {
            return true;
        }
        // One failure more than allowed is remembered: the oldest of them must have left the window.
        return nowMillis - failureTimes.peekFirst() > intervalMillis;
    }

    @Override
    public long backoffMillis(long nowMillis) {
        return delayMillis;
    }

    @Override
    public String description() {
        return "failure-rate (max-failures-per-interval " + maxFailuresPerInterval + ", failure-rate-interval "
                + intervalMillis + " ms, delay " + delayMillis + " ms)";
    }

    @Override
    public String toString() {
        return description();
    }
}
