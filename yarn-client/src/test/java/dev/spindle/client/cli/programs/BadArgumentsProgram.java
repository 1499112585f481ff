package dev.spindle.client.cli.programs;

/** Rejects its arguments the way programs do: with an IllegalArgumentException, before any job. */
public final class BadArgumentsProgram {
    private BadArgumentsProgram() {}

    public static void main(String[] args) {
        throw new IllegalArgumentException("unknown argument " + String.join(" ", args));
    }
}
