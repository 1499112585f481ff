package dev.spindle.program;

/**
 * The user program cannot be loaded or started: its message is the one line the user sees
 * (it names the jar or class and what is wrong), and maps to the CLI's exit code 3.
 */
public class ProgramLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProgramLoadException(String message) {
        super(message);
    }

    public ProgramLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
