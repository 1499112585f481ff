package dev.spindle.checkpoint;

import java.time.Duration;

/** How a job's checkpoints are paced and kept (its {@code execution.checkpointing.*} and {@code state.checkpoints.num-retained}). */
public record CheckpointSettings(
        Duration interval, Duration timeout, Duration minPause, int tolerableFailures, int numRetained) {}
