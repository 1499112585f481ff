package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.types.Types;

/**
 * A job that never ends by itself: an unbounded, slow generator into a sink that drops its
 * records. For tests of detached runs and of cancellation; it keeps a slot busy and little else.
 */
public final class UnboundedProgram {
    /** The job's name, as {@code spindle list} shows it. */
    public static final String JOB_NAME = "unbounded test job";

    private UnboundedProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromGenerator(Long.MAX_VALUE, index -> index, Types.LONG, 20).addSink(v -> {});
        env.execute(JOB_NAME);
    }
}
