package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.types.Types;

/** A streaming job whose keyed step has a max parallelism of its own, 7. */
public final class MaxParallelismProgram {
    private MaxParallelismProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.fromSequence(1, 10)
                .name("Numbers")
                .keyBy(v -> v % 3)
                .reduce(Long::sum)
                .name("Sum")
                .uid("sum")
                .setMaxParallelism(7)
                .returns(Types.LONG)
                .addSink(v -> {})
                .name("Drop");
        env.execute("max-parallelism");
    }
}
