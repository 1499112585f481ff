package dev.spindle.config;

import java.time.Duration;

/** Options of the JobManager. */
public final class JobManagerOptions {
    private JobManagerOptions() {
    }

    public static final ConfigOption<Duration> JOB_STORE_EXPIRATION = ConfigOptions.key("jobstore.expiration-time")
            .durationType().defaultValue(Duration.ofHours(1)).withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the results of finished jobs are kept for clients to ask for.");

    public static final ConfigOption<Integer> JOB_STORE_MAX_CAPACITY = ConfigOptions.key("jobstore.max-capacity")
            .intType().defaultValue(1000).withConstraint(Constraint.atLeast(1))
            .withDescription("How many finished jobs are kept at most; the oldest go first.");
}
