package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;

/** A job whose user function throws; with "wrap" as argument, main() wraps the job failure in its own exception. */
public final class FailingJobProgram {
    private FailingJobProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 100)
                .filter(v -> {
                    if (v == 42) {
                        throw new IllegalStateException("boom at " + v);
                    }
                    return true;
                })
                .addSink(v -> {});
        try {
            env.execute("failing job");
        } catch (Exception e) {
            if (args.length > 0 && args[0].equals("wrap")) {
                throw new RuntimeException("my pipeline did not work", e);
            }
            throw e;
        }
    }
}
