package dev.spindle.core;

/** What happens to a job's completed checkpoints when the job ends. */
public enum CheckpointRetention {
    /** Kept when the job fails (to resume from); deleted when it finishes or is cancelled. */
    DELETE_ON_CANCELLATION,
    /** Kept when the job fails or is cancelled; deleted when it finishes. */
    RETAIN_ON_CANCELLATION,
    /** Deleted whenever the job ends, also when it fails. */
    NO_EXTERNALIZED_CHECKPOINTS;

    /** Whether a job that reached the terminal {@code status} keeps its completed checkpoints. */
    public boolean keepsCheckpointsOf(JobStatus status) {
        return switch (status) {
            case FAILED -> this != NO_EXTERNALIZED_CHECKPOINTS;
            case CANCELED -> this == RETAIN_ON_CANCELLATION;
            default -> false;
        };
    }
}
