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
}
