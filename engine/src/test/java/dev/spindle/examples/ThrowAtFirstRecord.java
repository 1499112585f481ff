package dev.spindle.examples;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.SinkFunction;

/**
 * A job whose map throws at its first record, keyed into a sum and a sink: the scenario of issue 9,
 * defect 3 (a failed local job sometimes took 60 s to fail). For measuring how long such a job
 * takes to fail, e.g. 200 times through the real CLI:
 *
 * <pre>
 * jar cfe /tmp/throw.jar dev.spindle.examples.ThrowAtFirstRecord -C engine/target/test-classes dev/spindle/examples
 * for i in $(seq 200); do scripts/spindle run -t local -p 4 /tmp/throw.jar; done
 * </pre>
 */
public final class ThrowAtFirstRecord {
    private ThrowAtFirstRecord() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 1_000_000)
                .map(new Throw())
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(new Discard());
        env.execute("throws at its first record");
    }

    /** Fails at the first record it sees. */
    static final class Throw implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            throw new IllegalStateException("thrown at the first record (" + value + ")");
        }
    }

    /** Drops every record. */
    static final class Discard implements SinkFunction<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void invoke(Long value) {}
    }
}
