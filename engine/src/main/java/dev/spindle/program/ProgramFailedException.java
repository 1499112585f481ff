package dev.spindle.program;

import java.util.Objects;

/**
 * The user program's main() threw; the cause is exactly what it threw. Whether that means a failed
 * job or a failed program is decided where exit codes are chosen (the CLI, or the REST endpoint).
 */
public class ProgramFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProgramFailedException(String mainClass, Throwable thrownByMain) {
        super(
                "main() of " + mainClass + " threw " + thrownByMain,
                Objects.requireNonNull(thrownByMain, "thrownByMain"));
    }
}
