package dev.spindle.ha;

import dev.spindle.core.JobId;

/**
 * What a cluster keeps so that the next JobManager takes its jobs over: the JobManager's leader
 * election, the leader's address for TaskManagers and clients, the submitted jobs, and each job's
 * checkpoint counter and checkpoint pointers. Without high availability these live in memory and
 * die with the process; with ZooKeeper they live under {@code <path.root>/<cluster id>/} in
 * ZooKeeper and {@code <storageDir>/<cluster id>/} on a shared file system.
 *
 * <p>Made by {@code dev.spindle.ha.services.HighAvailabilityServicesFactory} from the configuration.
 * Safe for use by several threads; the parts it hands out belong to it (close them through it).
 */
public interface HighAvailabilityServices extends AutoCloseable {

    /** Whether jobs survive this JobManager (false: high-availability.type none). */
    boolean isEnabled();

    /** The cluster whose data these services hold (high-availability.cluster-id or its default). */
    String clusterId();

    /** The JobManager's election: one per cluster, the same instance on every call. */
    LeaderElection leaderElection();

    /** The leader's address as the current leader published it; a new instance per call. */
    LeaderRetrieval leaderRetrieval();

    /** The submitted jobs; the same instance on every call. */
    JobGraphStore jobGraphStore();

    /** The checkpoint id counter of {@code jobId}. */
    CheckpointIdCounter checkpointIdCounter(JobId jobId);

    /** The completed-checkpoint pointers of {@code jobId}. */
    CheckpointPointerStore checkpointPointerStore(JobId jobId);

    /**
     * Removes everything kept for {@code jobId}: its graph, jars, checkpoint pointers and counter
     * (not the checkpoints themselves, which follow their retention). Idempotent, so that a cleanup
     * can be repeated after a failure.
     *
     * @throws LeadershipLostException if this process does not lead
     */
    void cleanupJobData(JobId jobId) throws java.io.IOException;

    /**
     * The cluster ended for good: closes the services and deletes all the cluster's data, except the
     * job result store's entries, which must outlive the cluster so that its jobs are never run again
     * (its directory goes when no entry is left in it).
     */
    void closeAndCleanupAllData() throws Exception;

    /** Releases connections and threads; keeps all data, for the next JobManager. */
    @Override
    void close();
}
