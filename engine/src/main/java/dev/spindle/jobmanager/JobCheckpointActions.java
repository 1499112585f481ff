package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointJobActions;
import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.core.JobId;

/**
 * What the checkpoint coordinator of a {@link JobMaster}'s job asks of it: whether every task
 * runs, triggers and completion notifications to the tasks of the current attempt (through the
 * job's {@link TaskDeployer}), and failing the job. Kept apart from the job master so that the
 * coordinator's view of the job is this one small surface.
 *
 * <p>Threading: called on the job's checkpoint timer thread or any thread; takes the job master's
 * lock only through its methods.
 */
final class JobCheckpointActions implements CheckpointJobActions {
    private final JobMaster job;
    private final JobId jobId;
    private final TaskDeployer deployer;

    JobCheckpointActions(JobMaster job, JobId jobId, TaskDeployer deployer) {
        this.job = job;
        this.jobId = jobId;
        this.deployer = deployer;
    }

    @Override
    public boolean allTasksRunning() {
        return job.allTasksRunning();
    }

    @Override
    public void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options) {
        deployer.triggerCheckpoint(jobId, job.currentAttempt(), checkpointId, timestamp, options);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        deployer.notifyCheckpointComplete(jobId, job.currentAttempt(), checkpointId);
    }

    @Override
    public void failJob(Throwable cause) {
        job.failGlobally(cause);
    }
}
