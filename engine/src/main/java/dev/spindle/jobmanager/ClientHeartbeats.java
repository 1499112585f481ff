package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When the attached client of each job was last heard from ({@code PATCH /jobs/{jobid}/client-heartbeat}),
 * and the {@link Lease} a cluster holds such a client to: a per-job cluster on YARN whose attached
 * client is silent for longer than {@code client.heartbeat.timeout} shuts itself down, so that a
 * client that died (even by SIGKILL) leaves no application running.
 *
 * <p>Times are milliseconds of a monotonic clock ({@link System#nanoTime()} unless a test gives
 * another). Thread-safe: heartbeats are recorded on the REST endpoint's threads, leases are checked
 * on their owner's thread.
 */
public final class ClientHeartbeats {
    private final LongSupplier clockMillis;
    private final Map<JobId, Long> lastHeartbeat = new ConcurrentHashMap<>();

    public ClientHeartbeats() {
        this(() -> System.nanoTime() / 1_000_000);
    }

    /** @param clockMillis a monotonic clock in milliseconds */
    public ClientHeartbeats(LongSupplier clockMillis) {
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** Records that the client of {@code jobId} was heard from now. */
    public void record(JobId jobId) {
        lastHeartbeat.put(Objects.requireNonNull(jobId, "jobId"), clockMillis.getAsLong());
    }

    /** When the client of {@code jobId} was last heard from, on this tracker's clock; empty if never. */
    public OptionalLong lastHeartbeatMillis(JobId jobId) {
        Long last = lastHeartbeat.get(jobId);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** Now, on this tracker's clock. */
    public long nowMillis() {
        return clockMillis.getAsLong();
    }

    /**
     * The lease of the client of {@code jobId}, which counts from {@code startMillis} (on this
     * tracker's clock) until the first heartbeat: the client may not have connected yet when the
     * cluster starts, so its first deadline is {@code timeout} after the start.
     */
    public Lease lease(JobId jobId, Duration timeout, long startMillis) {
        return new Lease(jobId, timeout, startMillis);
    }

    /** One client's lease: expired once the client has been silent for the timeout. */
    public final class Lease {
        private final JobId jobId;
        private final long timeoutMillis;
        private final long startMillis;

        private Lease(JobId jobId, Duration timeout, long startMillis) {
            this.jobId = Objects.requireNonNull(jobId, "jobId");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a client heartbeat timeout must be positive: " + timeout);
            }
            this.timeoutMillis = timeout.toMillis();
            this.startMillis = startMillis;
        }

        public JobId jobId() {
            return jobId;
        }

        public long timeoutMillis() {
            return timeoutMillis;
        }

        /** How long the client has been silent: since its last heartbeat, or since the lease started. */
        public long silentMillis() {
            long since = Math.max(startMillis, lastHeartbeatMillis(jobId).orElse(startMillis));
            return Math.max(0, nowMillis() - since);
        }

        public boolean isExpired() {
            return silentMillis() >= timeoutMillis;
        }
    }
}
