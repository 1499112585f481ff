package dev.spindle.core;

/** What a checkpoint guarantees about records processed between a failure and the restore. */
public enum CheckpointingMode {
    /**
     * Barriers are aligned: a task that has a barrier from one input holds that input back until
     * the barrier has come from every input, so the state reflects each record exactly once.
     */
    EXACTLY_ONCE,
    /**
     * Barriers are not aligned: inputs keep flowing while a task waits for the other barriers, so
     * after a restore some records may be reflected twice. Lower latency under skew.
     */
    AT_LEAST_ONCE
}
