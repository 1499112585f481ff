package dev.spindle.graph;

/** The program cannot run as written; the message says what to change. */
public class InvalidProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidProgramException(String message) {
        super(message);
    }

    public InvalidProgramException(String message, Throwable cause) {
        super(message, cause);
    }
}
