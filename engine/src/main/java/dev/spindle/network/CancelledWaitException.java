package dev.spindle.network;

/**
 * A task's wait in the exchanges (for a producer to register its partition, for a connection, for
 * the next buffer) ended because the task was cancelled. The task reports itself CANCELED, not
 * failed, whatever the waiting call threw.
 */
public class CancelledWaitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledWaitException(String message) {
        super(message);
    }
}
