package dev.spindle.ha;

/** Told by a {@link LeaderRetrieval} who leads. */
public interface LeaderRetrievalListener {

    /** The current leader, or null when there is none known (none elected, or the connection is suspended). */
    void notifyLeaderAddress(LeaderInformation leaderOrNull);

    /** The retrieval cannot go on. */
    void handleError(Throwable error);
}
