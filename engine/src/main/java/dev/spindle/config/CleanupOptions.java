package dev.spindle.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Options of a job's cleanup after it reached a globally terminal state (FINISHED, CANCELED,
 * FAILED), and of the job result store that makes the cleanup repeatable: the entry is written
 * before the cleanup and marked clean after it, so that a JobManager that takes over a dirty entry
 * runs only the cleanup, never the job. Names and defaults are Flink's.
 */
public final class CleanupOptions {
    private CleanupOptions() {}

    /** The values of {@link #STRATEGY}, aliases included, as Flink accepts them. */
    public static final List<String> STRATEGIES =
            List.of("none", "off", "disable", "fixed-delay", "fixeddelay", "exponential-delay", "exponentialdelay");

    public static final ConfigOption<String> STRATEGY = ConfigOptions.key("cleanup-strategy")
            .stringType()
            .defaultValue("exponential-delay")
            .withDeprecatedKeys("cleanup-strategy.type")
            .withConstraint(Constraint.of(
                    (String v) -> STRATEGIES.contains(v.toLowerCase(Locale.ROOT)),
                    "one of " + String.join(", ", STRATEGIES)))
            .withDescription("How a failed cleanup step (deleting checkpoints, high-availability entries, jars, "
                    + "the staging directory) is retried: `exponential-delay`, `fixed-delay`, or `none` (also "
                    + "`off`, `disable`: tried once). A step that runs out of attempts leaves the job's entry in "
                    + "the job result store dirty; the job is never run again, and the next JobManager, or a "
                    + "resubmission of the same job id, tries the cleanup again.");

    public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS = ConfigOptions.key(
                    "cleanup-strategy.fixed-delay.attempts")
            .intType()
            .defaultValue(Integer.MAX_VALUE)
            .withConstraint(Constraint.atLeast(1))
            .withDescription(
                    "With `fixed-delay`: how many times a step is tried in all. The default means no " + "limit.");

    public static final ConfigOption<Duration> FIXED_DELAY_DELAY = ConfigOptions.key(
                    "cleanup-strategy.fixed-delay.delay")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withConstraint(Constraint.atLeast(Duration.ZERO))
            .withDescription("With `fixed-delay`: the wait between two tries of a step.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_INITIAL_BACKOFF = ConfigOptions.key(
                    "cleanup-strategy.exponential-delay.initial-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `exponential-delay`: the wait before the second try of a step; each further "
                    + "wait doubles, up to the max backoff.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_MAX_BACKOFF = ConfigOptions.key(
                    "cleanup-strategy.exponential-delay.max-backoff")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("With `exponential-delay`: the longest wait between two tries of a step.");

    public static final ConfigOption<Integer> EXPONENTIAL_DELAY_ATTEMPTS = ConfigOptions.key(
                    "cleanup-strategy.exponential-delay.attempts")
            .intType()
            .defaultValue(Integer.MAX_VALUE)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("With `exponential-delay`: how many times a step is tried in all. The default means "
                    + "no limit.");

    public static final ConfigOption<String> JOB_RESULT_STORE_PATH = ConfigOptions.key("job-result-store.storage-path")
            .stringType()
            .noDefaultValue()
            .withDescription("Where the job result store keeps its entries, on a file system every JobManager "
                    + "reaches. Unset: <high-availability.storageDir>/job-result-store/<cluster id>. Without high "
                    + "availability the entries are kept in memory.");

    public static final ConfigOption<Boolean> JOB_RESULT_STORE_DELETE_ON_COMMIT = ConfigOptions.key(
                    "job-result-store.delete-on-commit")
            .booleanType()
            .defaultValue(true)
            .withDescription("true: an entry is deleted once its job is cleaned up; false: it is kept, marked "
                    + "clean (for tools that read the results), and must be removed by hand.");
}
