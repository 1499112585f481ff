package dev.spindle.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Options of high availability: whether a JobManager's jobs, checkpoints and leadership are kept in
 * ZooKeeper and a shared file system so that another JobManager (a new YARN application attempt, or a
 * standby) takes them over. Names and meanings are Flink's; see docs/high-availability.md.
 */
public final class HighAvailabilityOptions {
    private HighAvailabilityOptions() {}

    /** The values of {@link #TYPE}, as Flink accepts them (in any case). */
    public static final List<String> TYPES = List.of("none", "zookeeper");

    public static final ConfigOption<String> TYPE = ConfigOptions.key("high-availability.type")
            .stringType()
            .defaultValue("none")
            .withDeprecatedKeys("high-availability")
            .withConstraint(Constraint.of(
                    (String v) -> TYPES.contains(v.toLowerCase(Locale.ROOT)), "one of " + String.join(", ", TYPES)))
            .withDescription("`none`: a JobManager that dies takes its jobs' leadership with it (a job restarts "
                    + "from its latest checkpoint only through a resubmission from a retained checkpoint). "
                    + "`zookeeper`: leader election, job graphs, checkpoint pointers and job results are kept "
                    + "in ZooKeeper (high-availability.zookeeper.quorum) and high-availability.storageDir, so that "
                    + "the next JobManager resumes the jobs from their latest checkpoints.");

    /** Whether {@link #TYPE} asks for high availability. */
    public static boolean enabled(Configuration config) {
        return !"none".equalsIgnoreCase(config.get(TYPE).trim());
    }

    public static final ConfigOption<String> STORAGE_DIR = ConfigOptions.key("high-availability.storageDir")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys("high-availability.storage-dir")
            .withDescription("Where job graphs, user jars, checkpoint metadata pointers and the job result "
                    + "store live, on a file system every JobManager reaches (hdfs://..., or file:///... on one "
                    + "machine). Required with high-availability.type: zookeeper; ZooKeeper holds only pointers "
                    + "into it.");

    public static final ConfigOption<String> CLUSTER_ID = ConfigOptions.key("high-availability.cluster-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Separates the clusters that share one ZooKeeper and storage directory. Unset: the "
                    + "YARN application id on YARN, `default` for a standalone cluster. Two clusters with the "
                    + "same id take each other's jobs: give each standalone cluster its own.");

    public static final ConfigOption<String> ZOOKEEPER_QUORUM = ConfigOptions.key("high-availability.zookeeper.quorum")
            .stringType()
            .noDefaultValue()
            .withDescription("The ZooKeeper servers, `host:port,host:port,...`. Required with "
                    + "high-availability.type: zookeeper.");

    public static final ConfigOption<String> ZOOKEEPER_ROOT = ConfigOptions.key("high-availability.zookeeper.path.root")
            .stringType()
            .defaultValue("/spindle")
            .withDeprecatedKeys("high-availability.zookeeper.path")
            .withConstraint(Constraint.of(
                    (String v) -> v.length() > 1 && v.startsWith("/") && !v.endsWith("/"),
                    "an absolute ZooKeeper path without a trailing /"))
            .withDescription(
                    "The ZooKeeper node under which every cluster keeps its nodes " + "(<root>/<cluster id>/...).");

    public static final ConfigOption<Duration> ZOOKEEPER_SESSION_TIMEOUT = ConfigOptions.key(
                    "high-availability.zookeeper.client.session-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(20))
            .withConstraint(Constraint.atLeast(Duration.ofSeconds(1)))
            .withDescription("How long ZooKeeper keeps a silent JobManager's session, and with it its leadership. "
                    + "A standby takes over a JobManager killed without warning after about this long. Shorter "
                    + "fails over sooner; too short loses leadership in a long garbage-collection pause. "
                    + "(ZooKeeper bounds it to 2 to 20 times its tickTime.) Flink's default is 60 s.");

    public static final ConfigOption<Duration> ZOOKEEPER_CONNECTION_TIMEOUT = ConfigOptions.key(
                    "high-availability.zookeeper.client.connection-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(15))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(100)))
            .withDescription("How long a JobManager, TaskManager or client waits for a first connection to the "
                    + "quorum before it gives up with an error naming the quorum.");

    public static final ConfigOption<Duration> ZOOKEEPER_RETRY_WAIT = ConfigOptions.key(
                    "high-availability.zookeeper.client.retry-wait")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription(
                    "The first wait before a failed ZooKeeper operation is retried (it doubles with each " + "retry).");

    public static final ConfigOption<Integer> ZOOKEEPER_MAX_RETRY_ATTEMPTS = ConfigOptions.key(
                    "high-availability.zookeeper.client.max-retry-attempts")
            .intType()
            .defaultValue(3)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("How many times a failed ZooKeeper operation is retried before it fails.");

    public static final ConfigOption<Boolean> ZOOKEEPER_TOLERATE_SUSPENDED_CONNECTIONS = ConfigOptions.key(
                    "high-availability.zookeeper.client.tolerate-suspended-connections")
            .booleanType()
            .defaultValue(false)
            .withDescription("false: a JobManager whose ZooKeeper connection is interrupted gives up leadership at "
                    + "once (its jobs are suspended, not failed, and resume from their latest checkpoint under "
                    + "the next leader, which may be itself). true: it keeps leadership until its session "
                    + "expires, so a short interruption does not disturb the jobs; checkpoints fail meanwhile.");
}
