package dev.spindle.resource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Starts and stops workers (TaskManagers) on some resource provider: local processes, YARN
 * containers, later perhaps Kubernetes pods. The resource manager decides how many workers of
 * which size it needs; a driver only carries that out and reports workers that died. This is the
 * only place the engine meets a resource provider, so a new one is a new driver, not an edit of
 * the scheduler.
 *
 * <p>Threading: all methods but {@link #deregister} are called on the resource manager's main
 * thread; the driver calls its {@link ResourceEventHandler} on the executor given to
 * {@link #initialize}.
 */
public interface ResourceDriver {

    /** Called once, before anything else. */
    void initialize(ResourceEventHandler handler, Executor mainThread) throws Exception;

    /**
     * Starts a worker of the given size. The future completes with its id once the provider has
     * started it (the worker registers with the resource manager on its own afterwards), or
     * exceptionally if it cannot be started.
     *
     * <p>Cancelling the future (on the main thread) withdraws the request: the resource manager no
     * longer needs the worker. A driver whose requests wait (a YARN driver's container requests)
     * drops it, so that the provider does not start a worker only for it to idle out; a worker that
     * is already being started is stopped once it has. A driver whose futures complete at once has
     * nothing to withdraw.
     */
    CompletableFuture<WorkerId> requestWorker(WorkerSpec spec);

    /** Stops a worker that is no longer needed; it is not reported as terminated. */
    void releaseWorker(WorkerId worker);

    /**
     * Tells the resource provider that the cluster ends for good, with its final status and
     * diagnostics (a YARN ApplicationMaster unregisters: YARN ends the application and stops its
     * containers). Called at most once, before {@link #terminate()}; a cluster that will be
     * restarted (e.g. a lost ApplicationMaster, which YARN retries) does not call it. Once it has
     * returned, requests for workers may fail and {@link #terminate()} need not wait for workers.
     *
     * <p>Unlike the other methods it may be called on any thread (a cluster's shutdown path seldom
     * runs on the resource manager's main thread), but not while {@link #terminate()} runs. The
     * default does nothing: a provider with no application to end (local processes) has nothing
     * to tell.
     */
    default void deregister(ApplicationStatus finalStatus, String diagnostics) throws Exception {}

    /**
     * As {@link #deregister(ApplicationStatus, String)}, with where the provider links to from the
     * ended application: a history server's page of the job, or null for the provider's default.
     * The default ignores the link.
     */
    default void deregister(ApplicationStatus finalStatus, String diagnostics, String finalTrackingUrl)
            throws Exception {
        deregister(finalStatus, diagnostics);
    }

    /** Stops every worker this driver started and frees the driver's resources. */
    void terminate() throws Exception;

    /**
     * As {@link #terminate()}, but leaves the running workers to the cluster's next incarnation
     * instead of stopping them: a YARN ApplicationMaster attempt that lost its leadership (high
     * availability) ends so, and YARN hands its TaskManager containers to the next attempt
     * (keep-containers-across-application-attempts), whose resource manager adopts them. Called
     * instead of {@link #terminate()}, never after {@link #deregister}. The default stops the
     * workers: a provider that cannot hand workers over must not leave them behind.
     */
    default void terminateKeepingWorkers() throws Exception {
        terminate();
    }
}
