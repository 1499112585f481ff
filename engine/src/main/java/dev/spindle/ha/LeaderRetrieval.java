package dev.spindle.ha;

/**
 * Tells TaskManagers and clients who leads: the address that the current leader confirmed, or null
 * while there is no known leader.
 */
public interface LeaderRetrieval extends AutoCloseable {

    /** Starts telling {@code listener}; called once. */
    void start(LeaderRetrievalListener listener) throws Exception;

    @Override
    void close();
}
