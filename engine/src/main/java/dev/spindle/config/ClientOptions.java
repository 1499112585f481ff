package dev.spindle.config;

import java.time.Duration;

/**
 * Options of the client: the lease an attached per-job client holds on its cluster, and how often
 * and how long it asks its cluster and YARN.
 */
public final class ClientOptions {
    private ClientOptions() {}

    public static final ConfigOption<Duration> CLIENT_HEARTBEAT_INTERVAL = ConfigOptions.key(
                    "client.heartbeat.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often an attached client tells its per-job cluster on YARN that it is still "
                    + "there (PATCH /jobs/{jobid}/client-heartbeat); it must be below client.heartbeat.timeout. "
                    + "When not set: a third of client.heartbeat.timeout, at most 30 s, so that setting the "
                    + "timeout alone is enough.");

    public static final ConfigOption<Duration> CLIENT_HEARTBEAT_TIMEOUT = ConfigOptions.key("client.heartbeat.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(180))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("The attached client's lease: a per-job cluster on YARN that has not heard from its "
                    + "attached client for this long (counted from the ApplicationMaster's start) cancels its job "
                    + "and ends KILLED, so that a client that died leaves no application behind. Detached per-job "
                    + "clusters and sessions hold no lease.");

    public static final ConfigOption<Duration> POLL_INTERVAL = ConfigOptions.key("client.poll-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(250))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often an attached client asks for its jobs' states and results over REST (run on a "
                    + "session, per-job and application clusters); a short job should not wait long after it ends.");

    public static final ConfigOption<Duration> REST_TIMEOUT = ConfigOptions.key("client.rest.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("The longest wait for the answer to one status request of a client that follows a "
                    + "per-job or application cluster it started (job state and result, stopping a YARN session).");

    public static final ConfigOption<Duration> REST_REQUEST_TIMEOUT = ConfigOptions.key("client.rest.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("The longest wait for the answer to one request to a running session or standalone "
                    + "cluster (run, list, cancel); a job submission uploads the user's jar within it.");

    public static final ConfigOption<Duration> CANCEL_TIMEOUT = ConfigOptions.key("client.cancel.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long `spindle cancel` waits for the job to be CANCELED (asking every "
                    + "client.poll-interval) before it says that the cancellation is under way.");

    public static final ConfigOption<Duration> SAVEPOINT_TIMEOUT = ConfigOptions.key("client.savepoint.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long `spindle savepoint` and `spindle stop` wait for the savepoint to complete "
                    + "(asking every client.poll-interval) before they give up with exit code 10; the savepoint "
                    + "may still complete on the cluster.");

    public static final ConfigOption<Duration> PROGRESS_POLL_INTERVAL = ConfigOptions.key(
                    "client.progress.poll-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(500))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often an attached run asks for the state of each job it follows on a cluster, to "
                    + "print its changes (Job <id> is RUNNING); the user sees a change this late at most.");

    public static final ConfigOption<Duration> PROGRESS_WAITING_INTERVAL = ConfigOptions.key(
                    "client.progress.waiting-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often an attached run prints again what a job waits for (Job <id> is waiting for "
                    + "<n> slots: ...) while it waits.");

    public static final ConfigOption<Duration> YARN_POLL_INTERVAL = ConfigOptions.key("client.yarn.poll-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(200))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often the client asks YARN for its application's report while it waits for the "
                    + "ApplicationMaster's REST endpoint or for the application's end.");

    public static final ConfigOption<Duration> YARN_STOP_TIMEOUT = ConfigOptions.key("client.yarn.stop-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long 'yarn-session stop' waits for the session to end after asking it to shut "
                    + "down; a session still running then is killed through YARN.");

    /**
     * The interval at which an attached client sends its heartbeats: the one given, else derived
     * from the timeout (a third of it, at most the interval's default), so that a scheduler that
     * sets only the timeout it tolerates gets a lease its heartbeats keep. A given interval is
     * returned as it is, even when it is not below the timeout: {@link ConfigChecks} refuses that.
     */
    public static Duration clientHeartbeatInterval(Configuration config) {
        if (config.contains(CLIENT_HEARTBEAT_INTERVAL)) {
            return config.get(CLIENT_HEARTBEAT_INTERVAL);
        }
        Duration third = Duration.ofMillis(
                Math.max(1, config.get(CLIENT_HEARTBEAT_TIMEOUT).toMillis() / 3));
        Duration max = CLIENT_HEARTBEAT_INTERVAL.defaultValue();
        return third.compareTo(max) < 0 ? third : max;
    }
}
