package dev.spindle.ops;

/** The process has no log file of that name (a request for a file outside its log directory gets this too). */
public final class UnknownLogFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownLogFileException(String message) {
        super(message);
    }
}
