package dev.spindle.checkpoint;

/**
 * Counts the checkpoints of a job that failed in a row and says when there were more than the job
 * tolerates ({@code execution.checkpointing.tolerable-failed-checkpoints}): then the job fails.
 * Failed savepoints do not count (they fail only their request, or a job that stops with one); any
 * completed checkpoint or savepoint ends the row. Kept apart from the {@link CheckpointCoordinator}
 * so that this policy is in one place.
 *
 * <p>Not thread-safe: the coordinator uses it under its lock.
 */
final class CheckpointFailureCounter {
    private final int tolerable;
    private int consecutive;

    CheckpointFailureCounter(int tolerable) {
        this.tolerable = tolerable;
    }

    /** A checkpoint failed. */
    void failed() {
        consecutive++;
    }

    /** A checkpoint or savepoint completed: the row of failures ends. */
    void completed() {
        consecutive = 0;
    }

    /**
     * When more checkpoints failed in a row than tolerated, starts counting again and returns the
     * cause to fail the job with; null otherwise.
     */
    Throwable exceeded() {
        int failures = consecutive;
        if (failures <= tolerable) {
            return null;
        }
        consecutive = 0;
        return new IllegalStateException("Exceeded the tolerable number of failed checkpoints (" + tolerable
                + "; execution.checkpointing.tolerable-failed-checkpoints): " + failures + " failed in a row");
    }
}
