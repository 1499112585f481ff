package dev.spindle.checkpoint;

/**
 * A savepoint that could not be taken or read, with a message for the user that names the cause
 * and what to do (the job is not running, no directory is configured, the path is no savepoint).
 */
public class SavepointException extends Exception {
    private static final long serialVersionUID = 1L;

    public SavepointException(String message) {
        super(message);
    }

    public SavepointException(String message, Throwable cause) {
        super(message, cause);
    }
}
