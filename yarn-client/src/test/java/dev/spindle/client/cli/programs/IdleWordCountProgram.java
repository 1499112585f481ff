package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.FlatMapFunction;
import dev.spindle.api.functions.SourceFunction;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.types.Types;

/**
 * A streaming WordCount over a fixed text that then stays running until cancelled: its source emits
 * {@link #LINES} lines and waits, so that the job's record counts stop moving while every task is
 * still up and its metrics are still registered. Vertices: the source (parallelism 1), the
 * tokenizer, the keyed sum and a sink that drops its records (each of parallelism 2).
 *
 * <p>Counts, from the text alone: the source emits {@link #LINES} records, the tokenizer receives
 * them and emits {@link #WORDS} pairs, the sum receives and emits {@link #WORDS} (streaming: one
 * update per word) and the sink receives {@link #WORDS}.
 */
public final class IdleWordCountProgram {
    public static final String JOB_NAME = "idle word count";
    public static final int LINES = 500;
    /** Words per line: line {@code i} is {@code "w<i mod 7> w<i mod 11> w<i mod 13>"}. */
    public static final int WORDS_PER_LINE = 3;

    public static final int WORDS = LINES * WORDS_PER_LINE;

    private IdleWordCountProgram() {}

    /** Line {@code i} of the text. */
    public static String line(int i) {
        return "w" + (i % 7) + " w" + (i % 11) + " w" + (i % 13);
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.addSource(new LinesThenIdle(), Types.STRING)
                .setParallelism(1)
                .flatMap(new Tokenizer())
                .name("Tokenizer")
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .addSink((Tuple2<String, Long> t) -> {});
        env.execute(JOB_NAME);
    }

    /** Splits a line on spaces into {@code (word, 1)} pairs (the examples' jar is not on a cluster's classpath). */
    public static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(String line, Collector<Tuple2<String, Long>> out) {
            for (String word : line.split(" ")) {
                out.collect(Tuple2.of(word, 1L));
            }
        }
    }

    /** Emits the text, then waits until cancelled. */
    public static final class LinesThenIdle implements SourceFunction<String> {
        private static final long serialVersionUID = 1L;
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<String> context) throws Exception {
            for (int i = 0; i < LINES && running; i++) {
                context.collect(line(i));
            }
            context.flush();
            while (running) {
                Thread.sleep(50);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }
}
