package dev.spindle.ha;

/** Follows who leads a cluster's JobManager. */
public interface LeaderRetrieval extends AutoCloseable {

    /** Starts telling {@code listener} of the leader and of every change. */
    void start(LeaderRetrievalListener listener) throws Exception;

    @Override
    void close();
}
