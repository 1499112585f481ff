package dev.spindle.examples;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.types.Types;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A streaming keyed count with checkpoints (workload W2): record {@code i} of {@code --records}
 * has key {@code i mod --keys}; a keyed function counts the records of each key in keyed value
 * state and emits {@code key,count} after every record. With {@code --output} the counts go to
 * the exactly-once file sink, so that after failures and restarts the committed output holds
 * every {@code key,count} line exactly once; without it they are discarded.
 *
 * <pre>
 * KeyedCount [--records N] [--keys K] [--parallelism P] [--checkpoint-interval MS]
 *            [--output DIR] [--rate RECORDS_PER_SECOND] [--fail-at I [--fail-marker FILE]]
 * </pre>
 *
 * {@code --checkpoint-interval 0} runs without checkpoints. {@code --fail-at I} makes the task
 * that sees record {@code I} throw: with {@code --fail-marker}, once per marker file (the file
 * records that it happened, so that the restarted job goes on), a fault to watch the job recover
 * from; without, in every attempt, until the restart strategy gives up.
 */
public final class KeyedCount {
    private KeyedCount() {}

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(a.parallelism);
        if (a.checkpointInterval > 0) {
            env.enableCheckpointing(a.checkpointInterval);
        }
        long keys = a.keys;
        // Every stateful step has a uid, so that a savepoint of this job fits a changed version of it.
        DataStream<Long> records =
                env.fromGenerator(a.records, i -> i, Types.LONG, a.rate).uid("records");
        if (a.failAt >= 0) {
            records = records.map(new FailOnce(a.failAt, a.failMarker)).returns(Types.LONG);
        }
        DataStream<String> counts = records.keyBy(i -> i % keys)
                .process(new CountPerKey())
                .name("Count per key")
                .uid("count-per-key")
                .returns(Types.STRING);
        if (a.output != null) {
            counts.writeAsText(a.output, WriteMode.OVERWRITE).uid("counts");
        } else {
            counts.addSink(new Discard());
        }
        JobExecutionResult result = env.execute("KeyedCount");
        if (result.netRuntime().isZero()) {
            return; // submitted detached: the job runs on
        }
        long millis = Math.max(1, result.netRuntime().toMillis());
        System.err.printf(
                Locale.ROOT,
                "KeyedCount finished in %d ms: %d records, %.0f records/s%n",
                millis,
                a.records,
                a.records * 1000.0 / millis);
    }

    /** Counts the records of the current key in value state; emits {@code key,count}. */
    public static final class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            count = context.state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        }

        @Override
        public void processElement(Long value, Context<Long> context, Collector<String> out) {
            long next = count.value() + 1;
            count.update(next);
            out.collect(context.getCurrentKey() + "," + next);
        }
    }

    /**
     * Throws at record {@code at}, unless the marker file says it did already; without a marker
     * file, every time.
     */
    public static final class FailOnce implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long at;
        private final String marker;

        public FailOnce(long at, String marker) {
            this.at = at;
            this.marker = marker;
        }

        @Override
        public Long map(Long value) throws IOException {
            if (value == at) {
                if (marker == null) {
                    throw new IOException("KeyedCount fails at record " + at + ", as asked (--fail-at)");
                }
                try {
                    Files.createFile(Path.of(marker));
                } catch (FileAlreadyExistsException e) {
                    return value; // failed once already: the restarted job goes on
                }
                throw new IOException("KeyedCount fails once at record " + at + ", as asked (--fail-at)");
            }
            return value;
        }
    }

    /** The sink of the benchmark: drops every record. */
    public static final class Discard implements SinkFunction<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void invoke(String value) {}
    }

    /** The command line of the example. */
    record Arguments(
            long records,
            long keys,
            int parallelism,
            long checkpointInterval,
            String output,
            double rate,
            long failAt,
            String failMarker) {
        static Arguments parse(String[] args) {
            long records = 50_000_000L;
            long keys = 100_000L;
            int parallelism = 2;
            long interval = 1000;
            String output = null;
            double rate = 0;
            long failAt = -1;
            String marker = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--records" -> records = Long.parseLong(need(args[i], value));
                    case "--keys" -> keys = Long.parseLong(need(args[i], value));
                    case "--parallelism" -> parallelism = Integer.parseInt(need(args[i], value));
                    case "--checkpoint-interval" -> interval = Long.parseLong(need(args[i], value));
                    case "--output" -> output = need(args[i], value);
                    case "--rate" -> rate = Double.parseDouble(need(args[i], value));
                    case "--fail-at" -> failAt = Long.parseLong(need(args[i], value));
                    case "--fail-marker" -> marker = need(args[i], value);
                    default ->
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; options: --records --keys --parallelism --checkpoint-interval --output --rate"
                                + " --fail-at --fail-marker");
                }
                i++;
            }
            if (keys < 1 || records < 0) {
                throw new IllegalArgumentException("--keys must be at least 1 and --records not negative");
            }
            return new Arguments(records, keys, parallelism, interval, output, rate, failAt, marker);
        }

        private static String need(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
