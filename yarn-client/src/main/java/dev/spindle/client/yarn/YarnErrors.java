package dev.spindle.client.yarn;

import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;

/**
 * What the user reads of a failure of the YARN client. Exceptions that come over Hadoop's RPC carry
 * the server's whole stack trace in their message; a message for the user keeps its first line
 * (the stack trace is there with {@code --verbose}), and says plainly what the commonest ones mean.
 */
public final class YarnErrors {
    private YarnErrors() {}

    /** One line about {@code failure}, to follow e.g. "cannot find the session X: ". */
    public static String describe(Throwable failure) {
        if (failure instanceof ApplicationNotFoundException) {
            return "YARN knows no such application (it never ran on this cluster, or ended long ago; "
                    + "see 'yarn application -list -appStates ALL')";
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
