package dev.spindle.client.cli;

import dev.spindle.core.JobId;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.UserProgram;

/**
 * Where {@code spindle run} sends the jobs of a program; main() itself always runs in the CLI's
 * JVM. A target is a small policy rather than a branch in the command, so that the YARN targets
 * become further implementations.
 */
interface RunTarget {
    /** The executor of one environment the program creates; called on the program's thread. */
    PipelineExecutor newExecutor(UserProgram program);

    /**
     * Whether the jobs run on a cluster that outlives the CLI. Only then can {@code --detached}
     * return before they end, and only then is their state worth following from here (a local job
     * reports its end directly).
     */
    boolean jobsOutliveClient();

    /** What {@code run --detached} tells about a job it leaves running. */
    default String detachedHint(JobId jobId) {
        return "see it with 'spindle list', cancel it with 'spindle cancel " + jobId + "'";
    }

    /**
     * Called once main() has returned and, attached, the jobs have ended (also when they failed):
     * a target whose cluster ends with its job waits here for that end.
     */
    default void afterProgram(boolean detached) throws Exception {}

    /** The YARN application the jobs run in, once known; null for targets that are not on YARN. */
    default String applicationId() {
        return null;
    }

    /** The REST endpoint of the cluster, once known; null for the local target. */
    default String restUrl() {
        return null;
    }

    /** YARN's final status of the application if it ended while the command waited ({@link #afterProgram}); else null. */
    default String applicationFinalStatus() {
        return null;
    }
}
