package dev.spindle.cluster.gateway;

/**
 * A TaskManager refused a call: it came with the fencing token of a JobManager leadership that is
 * not the one the TaskManager serves (a deposed leader, or one the TaskManager has not registered
 * with yet).
 */
public final class FencingTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FencingTokenException(String message) {
        super(message);
    }
}
