package dev.spindle.ha;

/**
 * Learns who leads. Called from one thread of the retrieval, one call at a time, and only when the
 * answer changed.
 */
public interface LeaderRetrievalListener {

    /**
     * The leader is now {@code leaderOrNull}; null when there is no known leader: none confirmed
     * yet, the leader went away, or the connection to the coordination service is interrupted.
     */
    void notifyLeaderAddress(LeaderInformation leaderOrNull);

    /** The retrieval cannot go on. */
    void handleError(Throwable error);
}
