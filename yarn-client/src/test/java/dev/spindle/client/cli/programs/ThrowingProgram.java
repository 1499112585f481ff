package dev.spindle.client.cli.programs;

/** A main() that throws before it submits anything, as a program whose input is missing. */
public final class ThrowingProgram {
    /** What main() throws. */
    public static final String MESSAGE = "no input at /nowhere";

    private ThrowingProgram() {}

    public static void main(String[] args) {
        throw new IllegalStateException(MESSAGE);
    }
}
