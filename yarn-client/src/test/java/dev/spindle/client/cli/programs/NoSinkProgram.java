package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;

/** Executes a pipeline without a sink: the engine rejects it as an invalid program. */
public final class NoSinkProgram {
    private NoSinkProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).filter(v -> v > 5);
        env.execute("no sink");
    }
}
