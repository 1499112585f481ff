package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.types.Types;

/** A streaming job with a keyed step that has a uid and a source that has none. */
public final class StatefulUidProgram {
    private StatefulUidProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.fromSequence(1, 10)
                .name("Numbers")
                .keyBy(v -> v % 3)
                .reduce(Long::sum)
                .name("Sum")
                .uid("sum")
                .returns(Types.LONG)
                .addSink(v -> {})
                .name("Drop");
        env.execute("stateful");
    }
}
