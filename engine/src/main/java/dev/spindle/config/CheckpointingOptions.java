package dev.spindle.config;

import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.CheckpointingMode;
import java.time.Duration;

/** Options of checkpointing: when checkpoints are taken, where they go, how many are kept. */
public final class CheckpointingOptions {
    private CheckpointingOptions() {}

    public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("execution.checkpointing.interval")
            .durationType()
            .noDefaultValue()
            .withDescription("Time between the starts of two checkpoints. Unset (or 0): no checkpoints, and "
                    + "a failed job restarts from scratch if its restart strategy allows it. Only STREAMING "
                    + "jobs take checkpoints.");

    public static final ConfigOption<CheckpointingMode> MODE = ConfigOptions.key("execution.checkpointing.mode")
            .enumType(CheckpointingMode.class)
            .defaultValue(CheckpointingMode.EXACTLY_ONCE)
            .withDescription("EXACTLY_ONCE aligns barriers (an input that delivered its barrier waits for the "
                    + "others); AT_LEAST_ONCE lets inputs flow on, so records may be counted twice after a "
                    + "restore.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("execution.checkpointing.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withConstraint(Constraint.of(d -> !d.isNegative() && !d.isZero(), "more than 0"))
            .withDescription("A checkpoint not complete after this long is declined and its files deleted.");

    public static final ConfigOption<Duration> MIN_PAUSE = ConfigOptions.key("execution.checkpointing.min-pause")
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("Least time between the end of one checkpoint and the start of the next.");

    public static final ConfigOption<Integer> TOLERABLE_FAILED = ConfigOptions.key(
                    "execution.checkpointing.tolerable-failed-checkpoints")
            .intType()
            .defaultValue(0)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("Consecutive failed or timed-out checkpoints that are tolerated; one more fails "
                    + "the job (and its restart strategy decides what follows).");

    public static final ConfigOption<CheckpointRetention> RETENTION = ConfigOptions.key(
                    "execution.checkpointing.externalized-checkpoint-retention")
            .enumType(CheckpointRetention.class)
            .defaultValue(CheckpointRetention.DELETE_ON_CANCELLATION)
            .withDescription("What happens to the job's retained checkpoints when it ends: kept on failure only "
                    + "(DELETE_ON_CANCELLATION), also on cancellation (RETAIN_ON_CANCELLATION), or never "
                    + "(NO_EXTERNALIZED_CHECKPOINTS).");

    public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = ConfigOptions.key("state.checkpoints.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Where checkpoints are written, on any Hadoop file system (file:///..., "
                    + "hdfs://...); a job's checkpoints go to <dir>/<job id>/chk-<n>. Unset: "
                    + "<java.io.tmpdir>/spindle-checkpoints, which only a single machine can use.");

    public static final ConfigOption<Integer> NUM_RETAINED = ConfigOptions.key("state.checkpoints.num-retained")
            .intType()
            .defaultValue(1)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Completed checkpoints kept per job; older ones are deleted when a new one completes.");

    public static final ConfigOption<String> SAVEPOINT_DIRECTORY = ConfigOptions.key("state.savepoints.dir")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "The default directory of savepoints, on any Hadoop file system, when a savepoint or "
                            + "stop command names none; each savepoint is a directory savepoint-<job id prefix>-<random> in it.");

    public static final ConfigOption<String> SAVEPOINT_PATH = ConfigOptions.key("execution.savepoint.path")
            .stringType()
            .noDefaultValue()
            .withDescription("A savepoint or retained checkpoint (its directory or its _metadata file) to start "
                    + "the job from; what 'spindle run -s' sets.");

    public static final ConfigOption<Boolean> SAVEPOINT_IGNORE_UNCLAIMED_STATE = ConfigOptions.key(
                    "execution.savepoint.ignore-unclaimed-state")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether a job may start from a savepoint that holds state of operators it does not "
                    + "have (that state is then dropped); what 'spindle run --allowNonRestoredState' sets.");
}
