package dev.spindle.resource;

/**
 * What a {@link ResourceDriver} tells the resource manager. Called on the executor given to
 * {@link ResourceDriver#initialize}, i.e. on the resource manager's main thread.
 */
public interface ResourceEventHandler {

    /**
     * A worker ended that was not released: it crashed, was killed, or its machine was lost.
     * Not called for workers released through {@link ResourceDriver#releaseWorker}.
     */
    void onWorkerTerminated(WorkerId worker, String diagnostics);

    /**
     * Workers that an earlier incarnation of the cluster started are still running (a YARN
     * ApplicationMaster's new attempt keeps the TaskManager containers of the one before): they will
     * register once they find the new leader, so they are awaited like workers just started, not
     * replaced. Called at most once, from {@link ResourceDriver#initialize}.
     */
    default void onPreviousWorkersRecovered(java.util.Collection<WorkerId> workers) {}

    /** The driver cannot go on (e.g. it lost its connection to the resource provider for good). */
    void onError(Throwable error);
}
