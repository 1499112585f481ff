package dev.spindle.network;

/** An exchange was torn down (its job failed or was cancelled) while a task still used it. */
public class PartitionReleasedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PartitionReleasedException(String message) {
        super(message);
    }
}
