package dev.spindle.config;

import java.time.Duration;

/** Options of clients that follow their jobs: the lease an attached per-job client holds on its cluster. */
public final class ClientOptions {
    private ClientOptions() {
    }

    public static final ConfigOption<Duration> CLIENT_HEARTBEAT_INTERVAL = ConfigOptions.key("client.heartbeat.interval")
            .durationType().defaultValue(Duration.ofSeconds(30)).withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often an attached client tells its per-job cluster on YARN that it is still "
                    + "there (PATCH /jobs/{jobid}/client-heartbeat). Keep it well below client.heartbeat.timeout.");

    public static final ConfigOption<Duration> CLIENT_HEARTBEAT_TIMEOUT = ConfigOptions.key("client.heartbeat.timeout")
            .durationType().defaultValue(Duration.ofSeconds(180)).withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("The attached client's lease: a per-job cluster on YARN that has not heard from its "
                    + "attached client for this long (counted from the ApplicationMaster's start) cancels its job "
                    + "and ends KILLED, so that a client that died leaves no application behind. Detached per-job "
                    + "clusters and sessions hold no lease.");
}
