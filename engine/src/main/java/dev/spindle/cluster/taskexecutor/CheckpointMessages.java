package dev.spindle.cluster.taskexecutor;

import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.cluster.gateway.CheckpointAck;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.TaskCheckpointEvent;
import dev.spindle.runtime.task.CheckpointResponder;
import dev.spindle.runtime.task.TaskDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a task's checkpoint messages to the JobManager over RPC; a lost message is logged. */
final class CheckpointMessages implements CheckpointResponder {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointMessages.class);

    private final JobManagerGateway jobManager;

    CheckpointMessages(JobManagerGateway jobManager) {
        this.jobManager = jobManager;
    }

    @Override
    public void acknowledge(TaskDescriptor task, long checkpointId, TaskSnapshot snapshot) {
        jobManager
                .acknowledgeCheckpoint(new CheckpointAck(task.jobId(), task.attempt(), checkpointId, snapshot))
                .whenComplete((ok, err) -> logLost(err, task, "acknowledgement of checkpoint " + checkpointId));
    }

    @Override
    public void decline(TaskDescriptor task, long checkpointId, Throwable reason) {
        send(task, checkpointId, String.valueOf(reason), "decline of checkpoint " + checkpointId);
    }

    @Override
    public void inputEnded(TaskDescriptor task) {
        send(task, -1, null, "end of input");
    }

    private void send(TaskDescriptor task, long checkpointId, String reason, String what) {
        jobManager
                .taskCheckpointEvent(new TaskCheckpointEvent(
                        task.jobId(), task.attempt(), task.vertexId(), task.subtaskIndex(), checkpointId, reason))
                .whenComplete((ok, err) -> logLost(err, task, what));
    }

    private static void logLost(Throwable err, TaskDescriptor task, String what) {
        if (err != null) {
            LOG.warn("Could not send the {} of task {} to the JobManager: {}", what, task.taskName(), err.toString());
        }
    }
}
