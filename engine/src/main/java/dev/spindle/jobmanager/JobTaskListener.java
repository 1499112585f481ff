package dev.spindle.jobmanager;

import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.runtime.task.TaskListener;

/**
 * Where the tasks of a {@link JobMaster} report to: state changes go to the job master, checkpoint
 * messages to the job's checkpointing, but only those of the current attempt's tasks (a task of an
 * earlier attempt speaks of checkpoints the coordinator no longer takes). Kept apart from the job
 * master so that the filtering is in one place.
 *
 * <p>Threading: called on any thread.
 */
final class JobTaskListener implements TaskListener {
    private final JobMaster job;
    private final JobCheckpointing checkpointing;

    JobTaskListener(JobMaster job, JobCheckpointing checkpointing) {
        this.job = job;
        this.checkpointing = checkpointing;
    }

    @Override
    public void stateChanged(TaskExecutionState state) {
        job.onTaskState(state);
    }

    @Override
    public void acknowledge(TaskDescriptor task, long checkpointId, TaskSnapshot snapshot) {
        if (task.attempt() == job.currentAttempt()) {
            checkpointing.acknowledge(checkpointId, snapshot);
        }
    }

    @Override
    public void decline(TaskDescriptor task, long checkpointId, Throwable reason) {
        if (task.attempt() == job.currentAttempt()) {
            checkpointing.decline(checkpointId, task.taskName() + ": " + reason);
        }
    }

    @Override
    public void inputEnded(TaskDescriptor task) {
        if (task.attempt() == job.currentAttempt()) {
            checkpointing.inputEnded(task.vertexId(), task.subtaskIndex());
        }
    }
}
