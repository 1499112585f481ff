package dev.spindle.checkpoint;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When a {@link CheckpointCoordinator} triggers its next checkpoint: one interval after the
 * previous trigger, but not before the least pause after the previous checkpoint ended; at once
 * when one was asked for (a savepoint, a final checkpoint) while another was pending. Kept apart
 * from the coordinator so that the pacing is in one place.
 *
 * <p>Not thread-safe: the coordinator calls it under its lock. The trigger runs on the timer.
 */
final class CheckpointTriggerSchedule {
    private final Duration interval;
    private final Duration minPause;
    private final ScheduledExecutorService timer;
    private final Runnable trigger;

    private ScheduledFuture<?> next;
    private long lastTriggerMillis;
    /** A checkpoint was asked for while one was pending: the next is triggered as soon as it ends. */
    private boolean whenIdle;

    CheckpointTriggerSchedule(Duration interval, Duration minPause, ScheduledExecutorService timer, Runnable trigger) {
        this.interval = interval;
        this.minPause = minPause;
        this.timer = timer;
        this.trigger = trigger;
    }

    /** Schedules the trigger in {@code delayMillis} (at once when not positive), instead of one scheduled. */
    void schedule(long delayMillis) {
        if (next != null) {
            next.cancel(false);
        }
        next = timer.schedule(trigger, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** Periodic checkpoints start: the first after one interval, or with {@code soon} at once. */
    void start(boolean soon) {
        schedule(soon ? 0 : interval.toMillis());
    }

    /** The tasks are still starting: the trigger tries again shortly. */
    void retrySoon() {
        schedule(Math.min(interval.toMillis(), 50));
    }

    /** The scheduled trigger runs now. */
    void fired() {
        next = null;
    }

    /** A checkpoint was triggered at {@code nowMillis}. */
    void triggered(long nowMillis) {
        lastTriggerMillis = nowMillis;
    }

    /** A checkpoint is wanted now: at once, or with {@code pending} as soon as the pending one ends. */
    void asap(boolean pending) {
        if (pending) {
            whenIdle = true;
        } else {
            schedule(0);
        }
    }

    /** A checkpoint ended (completed or failed): schedules the next. */
    void afterEnd() {
        long now = System.currentTimeMillis();
        long byInterval = lastTriggerMillis + interval.toMillis() - now;
        long delay = whenIdle ? 0 : Math.max(byInterval, minPause.toMillis());
        whenIdle = false;
        schedule(delay);
    }

    /** Checkpoints stop: nothing stays scheduled. */
    void cancel() {
        whenIdle = false;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
