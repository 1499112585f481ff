package dev.spindle.jobmanager.restart;

/**
 * Decides whether a failed job is restarted and how long it waits first, in the spirit of Flink's
 * {@code RestartBackoffTimeStrategy}. One instance per job, holding what it has seen of the job's
 * failures; {@link RestartStrategies#create} makes one from the configuration.
 *
 * <p>Protocol, for each failure: {@link #notifyFailure}, then {@link #canRestart}; if it may, wait
 * {@link #backoffMillis} and restart, else fail the job with the failure as its cause. Time is
 * passed in (epoch milliseconds, never decreasing between calls), so a strategy reads no clock and
 * tests script it.
 *
 * <p>Not thread-safe: the job master calls it on its main thread (or under its lock).
 */
public interface RestartStrategy {

    /**
     * Records a failure that happened at {@code timestampMillis}.
     *
     * @return whether it starts a new restart attempt; false when it joins the attempt of an
     *     earlier failure that has not restarted yet (tasks failing together for one cause, as
     *     {@code exponential-delay} merges them); the caller then neither asks nor waits again
     */
    boolean notifyFailure(long timestampMillis);

    /** Whether the job may restart after the failures recorded so far, as of {@code nowMillis}. */
    boolean canRestart(long nowMillis);

    /** How long to wait, from {@code nowMillis}, before restarting; 0 or more. */
    long backoffMillis(long nowMillis);

    /**
     * The strategy and its settings in one line, for logs and for the cause of a job that may not
     * restart, e.g. {@code fixed-delay (attempts 3, delay 1000 ms)}.
     */
    String description();
}
