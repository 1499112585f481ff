package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.types.Types;

/**
 * Executes two jobs one after the other; the second's name carries the first's runtime, which
 * shows what the program saw as the first job's result.
 */
public final class TwoJobsProgram {
    private TwoJobsProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10)
                .map(v -> v * 2)
                .name("Double")
                .returns(Types.LONG)
                .rebalance()
                .print();
        JobExecutionResult first = env.execute("first");
        env.fromSequence(1, 10).broadcast().addSink(v -> {});
        env.execute("second after " + first.netRuntime().toMillis() + " ms");
    }
}
