package dev.spindle.cluster.gateway;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * A failure that happened in another process, rebuilt from text. It prints as the original
 * ({@code java.lang.IllegalStateException: boom}) and its stack trace is the original's, so a
 * job failure reads the same whether the task ran in this JVM or on a TaskManager.
 */
public final class RemoteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String originalClass;
    private final String remoteTrace;

    public RemoteFailure(String originalClass, String message, String remoteTrace) {
        super(message, null, false, false);
        this.originalClass = originalClass;
        this.remoteTrace = remoteTrace;
    }

    /** The text form of {@code t} for a {@link TaskStateUpdate}. */
    public static String traceOf(Throwable t) {
        return dev.spindle.util.Exceptions.stackTraceOf(t);
    }

    public String originalClass() {
        return originalClass;
    }

    @Override
    public String toString() {
        return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
    }

    @Override
    public void printStackTrace(PrintStream s) {
        s.print(remoteTrace != null ? remoteTrace : toString() + System.lineSeparator());
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        s.print(remoteTrace != null ? remoteTrace : toString() + System.lineSeparator());
    }
}
