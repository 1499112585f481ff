package dev.spindle.client.cluster;

/**
 * No savepoint came of a request: the cluster could not take it (the job is not running or has
 * finished, no directory is given or configured, the savepoint failed), or it did not complete
 * within the client's wait. The message is for the user and names the fix. Its own type because
 * scripts branch on it (exit code {@code SAVEPOINT_FAILED}).
 */
public class SavepointFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public SavepointFailedException(String message) {
        super(message);
    }

    public SavepointFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
