package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.SinkFunction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Submits two jobs with executeAsync() and returns from main() at once, without waiting. With
 * "fail" as argument the second job fails late, after main() has returned.
 */
public final class AsyncProgram {
    /** Records the second job's sink saw; the count is only complete if the CLI waited. */
    public static final AtomicLong SEEN = new AtomicLong();

    private AsyncProgram() {}

    public static void main(String[] args) throws Exception {
        boolean fail = args.length > 0 && args[0].equals("fail");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).addSink(v -> {});
        env.executeAsync("first");
        env.fromSequence(1, 2000).addSink(new SlowSink(fail));
        env.executeAsync("second");
    }

    /** Counts records slowly, so that the job is still running when main() returns. */
    public static final class SlowSink implements SinkFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final boolean fail;

        SlowSink(boolean fail) {
            this.fail = fail;
        }

        @Override
        public void invoke(Long value) throws Exception {
            if (value % 100 == 0) {
                Thread.sleep(10);
            }
            if (fail && value == 1999) {
                throw new IllegalStateException("late failure");
            }
            SEEN.incrementAndGet();
        }
    }
}
