package dev.spindle.examples;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.FlatMapFunction;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.types.Types;
import java.util.Locale;

/**
 * Counts the words of a text: lines are split on single spaces, and each distinct word is
 * written as a {@code word,count} line into part files in the output directory.
 *
 * <pre>
 * WordCount --input &lt;file or directory&gt; --output &lt;directory&gt; [--parallelism N] [--mode batch|streaming]
 * </pre>
 * Without {@code --output} the counts are printed. In streaming mode every update is emitted, so
 * the output holds running counts; batch (the default) writes one final line per word.
 */
public final class WordCount {
    private WordCount() {}

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (a.parallelism > 0) {
            env.setParallelism(a.parallelism);
        }
        env.setRuntimeMode(a.mode);

        DataStream<String> counts = env.readTextFile(a.input)
                .flatMap(new Tokenizer())
                .name("Tokenizer")
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .map(t -> t.f0 + "," + t.f1)
                .name("Format")
                .returns(Types.STRING);
        if (a.output != null) {
            counts.writeAsText(a.output, WriteMode.OVERWRITE);
        } else {
            counts.print();
        }
        JobExecutionResult result = env.execute("WordCount");
        if (!result.netRuntime().isZero()) { // zero: submitted detached, the job runs on
            System.err.printf(
                    Locale.ROOT,
                    "WordCount finished in %d ms%n",
                    result.netRuntime().toMillis());
        }
    }

    /** Splits a line on single spaces into {@code (word, 1)} pairs; empty words are skipped. */
    public static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Long>> {
        private static final long serialVersionUID = 1L;
        private static final Long ONE = 1L;

        @Override
        public void flatMap(String line, Collector<Tuple2<String, Long>> out) {
            int start = 0;
            int n = line.length();
            while (start <= n) {
                int end = line.indexOf(' ', start);
                if (end < 0) {
                    end = n;
                }
                if (end > start) {
                    out.collect(new Tuple2<>(line.substring(start, end), ONE));
                }
                start = end + 1;
            }
        }
    }

    /** The command line of the example. */
    record Arguments(String input, String output, int parallelism, RuntimeExecutionMode mode) {
        static Arguments parse(String[] args) {
            String input = null;
            String output = null;
            int parallelism = -1;
            RuntimeExecutionMode mode = RuntimeExecutionMode.BATCH;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag + "\n" + usage());
                }
                String value = args[++i];
                switch (flag) {
                    case "--input" -> input = value;
                    case "--output" -> output = value;
                    case "--parallelism" -> {
                        try {
                            parallelism = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--parallelism needs a number, got '" + value + "'");
                        }
                    }
                    case "--mode" ->
                        mode = switch (value.toLowerCase(Locale.ROOT)) {
                            case "batch" -> RuntimeExecutionMode.BATCH;
                            case "streaming" -> RuntimeExecutionMode.STREAMING;
                            default ->
                                throw new IllegalArgumentException("--mode is batch or streaming, got '" + value + "'");
                        };
                    default -> throw new IllegalArgumentException("unknown argument " + flag + "\n" + usage());
                }
            }
            if (input == null) {
                throw new IllegalArgumentException("--input is required\n" + usage());
            }
            return new Arguments(input, output, parallelism, mode);
        }

        static String usage() {
            return "usage: WordCount --input <file or directory> [--output <directory>] [--parallelism N] "
                    + "[--mode batch|streaming]";
        }
    }
}
