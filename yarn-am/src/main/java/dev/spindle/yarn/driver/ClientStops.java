package dev.spindle.yarn.driver;

import java.io.IOException;

/** Stops the driver's YARN clients one after the other, so that one failing does not keep the next running. */
final class ClientStops {
    private ClientStops() {}

    /**
     * Runs {@code stop}; returns {@code earlier} (the first failure so far), or this failure, as an
     * IOException naming {@code what}, added to {@code earlier} as suppressed if there was one.
     */
    static Exception stop(Runnable stop, String what, Exception earlier) {
        try {
            stop.run();
            return earlier;
        } catch (RuntimeException e) {
            IOException failure = new IOException("could not stop " + what + ": " + e.getMessage(), e);
            if (earlier == null) {
                return failure;
            }
            earlier.addSuppressed(failure);
            return earlier;
        }
    }
}
