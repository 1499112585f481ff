package dev.spindle.config;

import java.time.Duration;

/** Options of the JobManager's REST endpoint, through which clients talk to a cluster. */
public final class RestOptions {
    private RestOptions() {}

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("rest.bind-address")
            .stringType()
            .defaultValue("127.0.0.1")
            .withDescription("Address the REST endpoint listens on. Loopback by default: until the endpoint has "
                    + "TLS, only clients on the JobManager's host should reach it. `0.0.0.0` listens on every "
                    + "interface.");

    public static final ConfigOption<Integer> PORT = ConfigOptions.key("rest.port")
            .intType()
            .defaultValue(8081)
            .withConstraint(Constraint.between(0, 65535))
            .withDescription("Port of the REST endpoint; 0 picks a free port.");

    public static final ConfigOption<MemorySize> MAX_CONTENT_LENGTH = ConfigOptions.key("rest.max-content-length")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(512))
            .withConstraint(Constraint.atLeast(new MemorySize(1024)))
            .withDescription("Largest request body the REST endpoint accepts (jar uploads and job graphs); "
                    + "larger requests are answered with 413. The body is held in memory while handled.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("rest.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the REST endpoint waits for the JobManager to answer a request before "
                    + "it responds 503.");

    public static final ConfigOption<Integer> CONNECTIONS_MAX = ConfigOptions.key("rest.connections.max")
            .intType()
            .defaultValue(512)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Most connections the REST endpoint holds at once, so that clients which connect and "
                    + "never finish a request cannot take the JobManager to its file-descriptor limit. When all are "
                    + "taken, a new connection closes the oldest one that has not yet sent complete request headers, "
                    + "or, if there is none, is closed itself as soon as it is accepted.");

    public static final ConfigOption<Integer> CONNECTIONS_MAX_PER_ADDRESS = ConfigOptions.key(
                    "rest.connections.max-per-address")
            .intType()
            .defaultValue(128)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Most connections the REST endpoint holds at once from one remote address, so that "
                    + "one peer cannot take every slot of rest.connections.max; further connections from it are "
                    + "closed as soon as they are accepted. Clients behind one proxy share it.");

    public static final ConfigOption<Duration> HEADER_TIMEOUT = ConfigOptions.key("rest.request.header-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long a new connection may take to send the complete headers of its first "
                    + "request; a slower one is answered 408 and closed.");

    public static final ConfigOption<Duration> IDLENESS_TIMEOUT = ConfigOptions.key("rest.idleness-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the REST endpoint keeps a connection on which nothing happens: a kept-alive "
                    + "connection that sends no next request is closed, a request body of which no byte "
                    + "arrives for this long is answered 408 and closed. It does not limit how long the "
                    + "JobManager takes to answer (see rest.request-timeout).");

    public static final ConfigOption<Integer> EXCEPTION_HISTORY_SIZE = ConfigOptions.key("web.exception-history-size")
            .intType()
            .defaultValue(16)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("How many failures of a job GET /jobs/{jobid}/exceptions keeps, newest first; older "
                    + "ones are dropped and the history says it is truncated. Read from the job's configuration.");

    public static final ConfigOption<Duration> METRICS_FETCHER_UPDATE_INTERVAL = ConfigOptions.key(
                    "metrics.fetcher.update-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(3))
            .withConstraint(Constraint.atLeast(Duration.ZERO))
            .withDescription("How long the REST endpoint serves the metrics it fetched from the TaskManagers before "
                    + "a metric request fetches them anew (Flink's option; shorter than Flink's 10 s so that a "
                    + "dashboard refreshing every 3 s sees new values each time). Each fetch asks every registered "
                    + "TaskManager once, in parallel; one that does not answer within half of rest.request-timeout "
                    + "is left out of that fetch. 0 fetches on every request.");

    public static final ConfigOption<MemorySize> LOG_FILE_MAX_SIZE = ConfigOptions.key("rest.log-file.max-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(8))
            .withConstraint(Constraint.atLeast(new MemorySize(1024)))
            .withDescription("Most bytes of one log file that GET /jobmanager/logs/{filename} and "
                    + "GET /taskmanagers/{id}/logs/{filename} serve: of a larger file only its last this many "
                    + "bytes (its newest lines). The whole file stays available on the host (on YARN through "
                    + "`yarn logs`).");

    public static final ConfigOption<Duration> REFRESH_INTERVAL = ConfigOptions.key("web.refresh-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(3))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(100)))
            .withDescription("How often the web dashboard (`GET /`) reloads what it shows; served to it by "
                    + "GET /config as refresh-interval, in milliseconds.");
}
