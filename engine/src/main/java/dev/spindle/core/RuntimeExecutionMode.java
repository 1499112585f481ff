package dev.spindle.core;

/** How a job runs: record by record (STREAMING) or with final results only (BATCH). */
public enum RuntimeExecutionMode {
    /** Keyed aggregations emit an update per record; sources may be unbounded. */
    STREAMING,
    /** Bounded inputs only; keyed aggregations emit one final record per key. */
    BATCH,
    /** BATCH when every source is bounded, STREAMING otherwise. */
    AUTOMATIC
}
