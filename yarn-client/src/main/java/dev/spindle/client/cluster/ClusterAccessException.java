package dev.spindle.client.cluster;

/**
 * A cluster cannot be found, reached or used: no cluster runs where the client looks, it does not
 * answer, its secret cannot be read, or it refused a request. The message is the one line the
 * user reads, and it names the fix; the CLI maps this to its exit code for cluster errors.
 */
public class ClusterAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClusterAccessException(String message) {
        super(message);
    }

    public ClusterAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
