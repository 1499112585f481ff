package dev.spindle.rest.client;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attached client's side of its lease: sends {@code PATCH /jobs/{jobid}/client-heartbeat} at
 * once and then every {@code client.heartbeat.interval}, on a daemon thread of its own, until
 * closed. A heartbeat that fails (the cluster not yet running the job, or briefly unreachable) is
 * only logged: the next one is due an interval later, and the cluster's timeout is what decides.
 */
public final class ClientHeartbeatSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHeartbeatSender.class);

    private final RestClient client;
    private final JobId jobId;
    private final ScheduledExecutorService timer;
    private final AtomicInteger accepted = new AtomicInteger();

    private ClientHeartbeatSender(RestClient client, JobId jobId) {
        this.client = Objects.requireNonNull(client, "client");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle client heartbeat " + jobId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sending the heartbeats of the client of {@code jobId} through {@code client} (which has the secret). */
    public static ClientHeartbeatSender start(RestClient client, JobId jobId, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("client.heartbeat.interval must be positive: " + interval);
        }
        ClientHeartbeatSender sender = new ClientHeartbeatSender(client, jobId);
        sender.timer.scheduleWithFixedDelay(sender::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sender;
    }

    private void beat() {
        try {
            client.clientHeartbeat(jobId);
            accepted.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client heartbeat for job {} failed: {}", jobId, e.toString());
        }
    }

    /** How many heartbeats the cluster has accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Stops sending; the cluster's lease then runs out unless the job ends first. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
