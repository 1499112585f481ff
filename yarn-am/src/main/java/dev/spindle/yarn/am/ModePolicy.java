package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerRunner;

/**
 * What distinguishes the deployment modes once the JobManager runs: when the cluster ends and how
 * (a mode is a small policy object, not a fork of the code: every mode runs a job the same way).
 *
 * <p>Threads: {@link #run} is called once, by the ApplicationMaster's main thread, and blocks;
 * {@link #requestStop} may be called from any thread, any number of times (the first wins).
 */
public interface ModePolicy {

    /** Runs the cluster until this mode says it ends; returns how the application ends. */
    AmOutcome run(JobManagerRunner jobManager) throws InterruptedException;

    /** Asks the cluster to end with {@code outcome}: a client's stop request, or a kill. */
    void requestStop(AmOutcome outcome);
}
