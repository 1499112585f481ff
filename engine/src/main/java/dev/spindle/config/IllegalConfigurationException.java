package dev.spindle.config;

/** A configuration value that cannot be used; the message names the key and the problem. */
public class IllegalConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalConfigurationException(String message) {
        super(message);
    }

    public IllegalConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The configuration error that {@code failure} is or was caused by, or null: a process that
     * fails to start because of one reports it as a usage error, in one line.
     */
    public static IllegalConfigurationException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalConfigurationException e) {
                return e;
            }
        }
        return null;
    }
}
