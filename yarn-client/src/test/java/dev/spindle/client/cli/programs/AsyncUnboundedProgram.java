package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.types.Types;

/** Submits two jobs that never end by themselves with executeAsync(), and returns from main(). */
public final class AsyncUnboundedProgram {
    private AsyncUnboundedProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromGenerator(Long.MAX_VALUE, index -> index, Types.LONG, 20).addSink(v -> {});
        env.executeAsync("unbounded one");
        env.fromGenerator(Long.MAX_VALUE, index -> index, Types.LONG, 20).addSink(v -> {});
        env.executeAsync("unbounded two");
    }
}
