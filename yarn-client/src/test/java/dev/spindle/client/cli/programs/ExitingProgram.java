package dev.spindle.client.cli.programs;

/** A program whose main() ends its JVM, as some programs do once their work is done. */
public final class ExitingProgram {
    /** What main() passes to {@code System.exit}. */
    public static final int STATUS = 42;

    private ExitingProgram() {}

    public static void main(String[] args) {
        System.exit(STATUS);
    }
}
