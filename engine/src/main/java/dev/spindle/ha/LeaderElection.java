package dev.spindle.ha;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * The JobManager's leader election: one per cluster, so that the whole JobManager process leads or
 * does not. Each grant comes with a new random session id, the fencing token of that leadership.
 *
 * <p>Implementations are safe for use by several threads.
 */
public interface LeaderElection extends AutoCloseable {

    /** The session id of the election without high availability: one JobManager needs no fencing. */
    UUID NO_HA_SESSION_ID = new UUID(0L, 0L);

    /**
     * Enters {@code contender} in the election; it is told of grants and revocations from then on.
     * Called once.
     */
    void start(LeaderContender contender) throws Exception;

    /**
     * Publishes {@code info} for {@link LeaderRetrieval}, but only if {@code sessionId} is still the
     * current leadership (a late confirmation of a revoked leadership does nothing). Failures to
     * publish go to the contender's {@link LeaderContender#handleError}.
     */
    void confirmLeadership(UUID sessionId, LeaderInformation info);

    /** Whether {@code sessionId} is the session id of the current, not yet revoked, leadership. */
    boolean hasLeadership(UUID sessionId);

    /**
     * Removes the election entries of the other participants whose id matches {@code isStale} (a
     * YARN application attempt n removes those of attempts before n, which YARN guarantees are gone,
     * instead of waiting for their ZooKeeper sessions to expire). This participant's own entry is
     * never removed.
     *
     * @return how many entries were removed
     */
    int removeParticipants(Predicate<String> isStale) throws Exception;

    /** Leaves the election; a current leadership is revoked first. */
    @Override
    void close();
}
