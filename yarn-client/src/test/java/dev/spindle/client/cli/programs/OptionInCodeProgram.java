package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;

/**
 * Sets the option {@code args[0]} to {@code args[1]} in code, then executes a small bounded job:
 * for tests of values that only the job graph carries, never the command line.
 */
public final class OptionInCodeProgram {
    private OptionInCodeProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfiguration().setString(args[0], args[1]);
        env.fromSequence(1, 10).addSink(v -> {});
        env.execute("option in code");
    }
}
