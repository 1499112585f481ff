package dev.spindle.config;

import java.time.Duration;

/** Options of the JobManager's REST endpoint, through which clients talk to a cluster. */
public final class RestOptions {
    private RestOptions() {
    }

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("rest.bind-address")
            .stringType().defaultValue("127.0.0.1")
            .withDescription("Address the REST endpoint listens on. Loopback by default: until the endpoint has "
                    + "TLS, only clients on the JobManager's host should reach it. `0.0.0.0` listens on every "
                    + "interface.");

    public static final ConfigOption<Integer> PORT = ConfigOptions.key("rest.port")
            .intType().defaultValue(8081).withConstraint(Constraint.between(0, 65535))
            .withDescription("Port of the REST endpoint; 0 picks a free port.");

    public static final ConfigOption<MemorySize> MAX_CONTENT_LENGTH = ConfigOptions.key("rest.max-content-length")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(512))
            .withConstraint(Constraint.atLeast(new MemorySize(1024)))
            .withDescription("Largest request body the REST endpoint accepts (jar uploads and job graphs); "
                    + "larger requests are answered with 413. The body is held in memory while handled.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("rest.request-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10)).withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the REST endpoint waits for the JobManager to answer a request before "
                    + "it responds 503.");
}
