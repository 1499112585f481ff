package dev.spindle.client.cli.programs;

/** Has a main method of the wrong shape only. */
public final class NoMainProgram {
    private NoMainProgram() {}

    public void main(String[] args) {
        throw new AssertionError("an instance main() must not be called");
    }
}
