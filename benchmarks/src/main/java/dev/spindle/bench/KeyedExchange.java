package dev.spindle.bench;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.LongCounter;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.core.JobExecutionResult;
import java.util.Locale;

/**
 * The exchange benchmark job: a parallel sequence source, {@code keyBy}, and a sink that only
 * counts, so that the job's time is the time of moving records through a keyed (hash) exchange.
 * Where the two ends of the exchange run decides what is measured: on one TaskManager every
 * channel is a local one; on two TaskManagers of one slot each, the records whose key belongs to
 * the other subtask cross the network (about half of them).
 *
 * <pre>
 * KeyedExchange --records N [--keys K] [--parallelism P]
 * </pre>
 * The sink adds up the records and their values into the counters {@value #RECORDS_COUNTER} and
 * {@value #CHECKSUM_COUNTER}, which are in the job result; the program fails when they show a
 * record lost or duplicated. It prints a summary line on stderr.
 */
public final class KeyedExchange {
    /** The counter of records the sinks received. */
    public static final String RECORDS_COUNTER = "exchange.records";
    /** The counter of the sum of the values the sinks received: {@code N(N+1)/2} when none is lost. */
    public static final String CHECKSUM_COUNTER = "exchange.checksum";

    private KeyedExchange() {}

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (a.parallelism > 0) {
            env.setParallelism(a.parallelism);
        }
        long keys = a.keys;
        env.fromSequence(1, a.records)
                .name("Sequence")
                .keyBy(v -> v % keys)
                .addSink(new CountingSink())
                .name("Count");
        JobExecutionResult result = env.execute("KeyedExchange");

        long millis = Math.max(1, result.netRuntime().toMillis());
        System.err.printf(
                Locale.ROOT,
                "KeyedExchange: %d records in %d ms (%.0f records/s)%n",
                a.records,
                millis,
                a.records * 1000.0 / millis);
        check(result, a.records);
    }

    /** Fails unless the sinks received each of the numbers {@code 1..records} once (by count and sum). */
    static void check(JobExecutionResult result, long records) {
        long received = result.counter(RECORDS_COUNTER);
        long checksum = result.counter(CHECKSUM_COUNTER);
        long expectedChecksum = records % 2 == 0 ? (records / 2) * (records + 1) : records * ((records + 1) / 2);
        if (received != records || checksum != expectedChecksum) {
            throw new IllegalStateException("the exchange lost or duplicated records: received " + received + " of "
                    + records + ", checksum " + checksum + " instead of " + expectedChecksum);
        }
    }

    /** Counts the records and adds up their values; deliberately does nothing else. */
    static final class CountingSink implements SinkFunction<Long>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient LongCounter records;
        private transient LongCounter checksum;

        @Override
        public void open(RuntimeContext context) {
            records = context.counter(RECORDS_COUNTER);
            checksum = context.counter(CHECKSUM_COUNTER);
        }

        @Override
        public void invoke(Long value) {
            records.increment();
            checksum.add(value);
        }
    }

    /** The command line of the job. */
    record Arguments(long records, long keys, int parallelism) {
        static Arguments parse(String[] args) {
            long records = -1;
            long keys = 100_000;
            int parallelism = -1;
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag + "\n" + USAGE);
                }
                String value = args[i + 1];
                switch (flag) {
                    case "--records" -> records = positive(flag, value);
                    case "--keys" -> keys = positive(flag, value);
                    case "--parallelism" -> parallelism = Math.toIntExact(positive(flag, value));
                    default -> throw new IllegalArgumentException("unknown argument " + flag + "\n" + USAGE);
                }
            }
            if (records < 0) {
                throw new IllegalArgumentException("--records is required\n" + USAGE);
            }
            return new Arguments(records, keys, parallelism);
        }

        private static long positive(String flag, String value) {
            try {
                long n = Long.parseLong(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " needs a whole number >= 1, got '" + value + "'");
        }

        static final String USAGE = "usage: KeyedExchange --records N [--keys K] [--parallelism P]";
    }
}
