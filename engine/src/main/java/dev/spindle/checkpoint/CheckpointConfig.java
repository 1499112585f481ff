package dev.spindle.checkpoint;

import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.CheckpointingMode;
import java.time.Duration;

/**
 * How a job takes its checkpoints, for clients ({@code GET /jobs/{id}/checkpoints/config}): the
 * {@code execution.checkpointing.*} and {@code state.checkpoints.*} settings it runs with.
 *
 * @param mode EXACTLY_ONCE (aligned barriers) or AT_LEAST_ONCE
 * @param interval time between triggers
 * @param timeout how long a checkpoint may take before it fails
 * @param minPause the least time between the end of one checkpoint and the next trigger
 * @param tolerableFailures consecutive failed checkpoints that do not fail the job
 * @param retention what happens to completed checkpoints when the job ends
 * @param numRetained completed checkpoints kept while the job runs
 * @param directory the job's checkpoint directory, fully qualified
 */
public record CheckpointConfig(
        CheckpointingMode mode,
        Duration interval,
        Duration timeout,
        Duration minPause,
        int tolerableFailures,
        CheckpointRetention retention,
        int numRetained,
        String directory) {
    /** One checkpoint in flight at a time (the coordinator's rule). */
    public static final int MAX_CONCURRENT = 1;
}
