package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.core.JobId;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskListener;

/**
 * Runs the tasks a {@link JobMaster} deploys: as threads of this JVM, or in TaskManager slots.
 * The job master does not care where; it only hears the tasks' state changes.
 */
public interface TaskDeployer {

    /**
     * Prepares what the job's tasks share (slots, exchanges); called once before deploying, on a
     * thread that may wait (for slots, say).
     *
     * @param userJars the job's jars, where the tasks' processes can read them
     */
    void prepareJob(
            dev.spindle.graph.JobGraph graph, ClassLoader userClassLoader, java.util.List<java.nio.file.Path> userJars)
            throws Exception;

    /** Starts a task; its state changes go to {@code listener}, on any thread. */
    void deploy(TaskDescriptor descriptor, TaskListener listener) throws Exception;

    /** Cancels every task of the job that has not ended and frees its exchanges, so that blocked tasks wake. */
    void cancelAll(JobId jobId);

    /**
     * Every task of the job has ended after {@link #cancelAll} and the job runs again: makes the
     * job deployable as a new attempt (fresh exchanges; slots again, replacing those of lost
     * TaskManagers). Called on a thread that may wait.
     */
    void prepareRestart(JobId jobId) throws Exception;

    /** Passes a checkpoint trigger to every task of the job's given attempt; returns at once. */
    void triggerCheckpoint(JobId jobId, int attempt, long checkpointId, long timestamp, CheckpointOptions options);

    /** Tells every task of the job's given attempt that a checkpoint completed; returns at once. */
    void notifyCheckpointComplete(JobId jobId, int attempt, long checkpointId);

    /** Every task of the job has ended: free what the job still holds. */
    void jobEnded(JobId jobId);

    /**
     * What the job waits for while {@link #prepareJob} waits (slots, TaskManagers), in one line for
     * users; null when it waits for nothing. Called on any thread, must not block.
     */
    default String pendingResources(JobId jobId) {
        return null;
    }

    /**
     * Where the task runs or ran, for the job's exception history; null when not known. Called
     * under the job master's lock, on any thread: must not block. In this JVM by default.
     */
    default ExceptionHistory.Location locationOf(JobId jobId, int vertexId, int subtaskIndex) {
        return ExceptionHistory.Location.LOCAL;
    }
}
