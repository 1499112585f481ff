package dev.spindle.metrics;

/**
 * A metric whose value is computed from others at a fixed interval, by the registry's one timer
 * thread (as Flink's ViewUpdater does), so that the thread that updates its source does no extra
 * work.
 */
public interface View {
    /** How often {@link #update} is called. */
    int UPDATE_INTERVAL_SECONDS = 5;

    /** Recomputes the value; called by the registry's timer thread only. */
    void update();
}
