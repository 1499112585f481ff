package dev.spindle.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Options of restart strategies: whether and when a failed job is restarted. Names and defaults
 * are Flink 1.20's, so that a Flink configuration carries over.
 */
public final class RestartStrategyOptions {
    private RestartStrategyOptions() {}

    /** The values of {@link #TYPE}, aliases included, as Flink accepts them. */
    public static final List<String> TYPES = List.of(
            "none",
            "off",
            "disable",
            "fixed-delay",
            "fixeddelay",
            "exponential-delay",
            "exponentialdelay",
            "failure-rate",
            "failurerate");

    public static final ConfigOption<String> TYPE = ConfigOptions.key("restart-strategy.type")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys("restart-strategy")
            .withConstraint(Constraint.of(
                    (String v) -> TYPES.contains(v.toLowerCase(Locale.ROOT)), "one of " + String.join(", ", TYPES)))
            .withDescription("What happens when a task of a job fails or its TaskManager is lost: `none` (also "
                    + "`off`, `disable`) fails the job; `fixed-delay`, `exponential-delay` and `failure-rate` "
                    + "restart it from its latest checkpoint (or from scratch without checkpoints) while their "
                    + "options allow. Unset: `none` without checkpointing, `exponential-delay` when "
                    + "execution.checkpointing.interval is set. See docs/restarts.md.");

    public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS = ConfigOptions.key(
                    "restart-strategy.fixed-delay.attempts")
            .intType()
            .defaultValue(1)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("With `fixed-delay`: how many times the job is restarted before a failure fails it.");

    public static final ConfigOption<Duration> FIXED_DELAY_DELAY = ConfigOptions.key(
                    "restart-strategy.fixed-delay.delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withConstraint(Constraint.atLeast(Duration.ZERO))
            .withDescription("With `fixed-delay`: the wait between a failure and the restart, e.g. for external "
                    + "connections or transactions to time out first.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_INITIAL_BACKOFF = ConfigOptions.key(
                    "restart-strategy.exponential-delay.initial-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `exponential-delay`: the wait before the first restart.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_MAX_BACKOFF = ConfigOptions.key(
                    "restart-strategy.exponential-delay.max-backoff")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `exponential-delay`: the longest wait before a restart (jitter included); at "
                    + "least the initial backoff.");

    public static final ConfigOption<Double> EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER = ConfigOptions.key(
                    "restart-strategy.exponential-delay.backoff-multiplier")
            .doubleType()
            .defaultValue(1.5)
            .withConstraint(Constraint.of((Double m) -> m > 1.0, "more than 1"))
            .withDescription("With `exponential-delay`: each restart waits this many times longer than the one "
                    + "before, up to the max backoff.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD = ConfigOptions.key(
                    "restart-strategy.exponential-delay.reset-backoff-threshold")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `exponential-delay`: a job that ran this long after its last restart without "
                    + "failing starts over with the initial backoff and a fresh count of attempts.");

    public static final ConfigOption<Double> EXPONENTIAL_DELAY_JITTER_FACTOR = ConfigOptions.key(
                    "restart-strategy.exponential-delay.jitter-factor")
            .doubleType()
            .defaultValue(0.1)
            .withConstraint(Constraint.between(0.0, 1.0))
            .withDescription("With `exponential-delay`: each wait is moved by a random amount of up to this share "
                    + "of it, either way, so that jobs failing together do not all restart at the same moment.");

    public static final ConfigOption<Integer> EXPONENTIAL_DELAY_ATTEMPTS = ConfigOptions.key(
                    "restart-strategy.exponential-delay.attempts-before-reset-backoff")
            .intType()
            .defaultValue(Integer.MAX_VALUE)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("With `exponential-delay`: how many restarts are allowed before the backoff is reset "
                    + "(see reset-backoff-threshold); one more failure fails the job. The default means no limit.");

    public static final ConfigOption<Integer> FAILURE_RATE_MAX_FAILURES_PER_INTERVAL = ConfigOptions.key(
                    "restart-strategy.failure-rate.max-failures-per-interval")
            .intType()
            .defaultValue(1)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("With `failure-rate`: how many restarts are allowed within one "
                    + "failure-rate-interval; one more failure in that window fails the job.");

    public static final ConfigOption<Duration> FAILURE_RATE_INTERVAL = ConfigOptions.key(
                    "restart-strategy.failure-rate.failure-rate-interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `failure-rate`: the sliding window in which failures are counted.");

    public static final ConfigOption<Duration> FAILURE_RATE_DELAY = ConfigOptions.key(
                    "restart-strategy.failure-rate.delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withConstraint(Constraint.atLeast(Duration.ZERO))
            .withDescription("With `failure-rate`: the wait between a failure and the restart.");
}
