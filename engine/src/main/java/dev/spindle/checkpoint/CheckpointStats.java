package dev.spindle.checkpoint;

import java.util.List;

/**
 * What a job's checkpoint coordinator has done, for clients ({@code GET /jobs/{id}/checkpoints}).
 *
 * @param triggered checkpoints triggered so far
 * @param completed checkpoints completed
 * @param failed checkpoints declined, timed out or abandoned
 * @param inProgress 1 while a checkpoint is pending, else 0
 * @param restored the checkpoint the job last restarted from, or null
 * @param history the most recent checkpoints, newest first
 */
public record CheckpointStats(
        long triggered, long completed, long failed, int inProgress, Entry restored, List<Entry> history) {
    public CheckpointStats {
        history = List.copyOf(history);
    }

    /**
     * One checkpoint.
     *
     * @param id its id
     * @param status IN_PROGRESS, COMPLETED or FAILED
     * @param triggerTimestamp when it was triggered (epoch millis)
     * @param endTimestamp when it completed or failed, or 0 while in progress
     * @param stateSize bytes of state files (keyed state; operator state travels inline)
     * @param externalPath its directory, once completed
     * @param failureMessage why it failed, or null
     * @param acknowledged subtasks that acknowledged it
     * @param total subtasks it needs
     */
    public record Entry(
            long id,
            String status,
            long triggerTimestamp,
            long endTimestamp,
            long stateSize,
            String externalPath,
            String failureMessage,
            int acknowledged,
            int total) {
        public long duration() {
            return endTimestamp == 0 ? 0 : endTimestamp - triggerTimestamp;
        }
    }
}
