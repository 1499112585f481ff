package dev.spindle.api.functions;

/**
 * A function with a life cycle: {@link #open} runs once per parallel task before the first record,
 * {@link #close} after the last. Implement it next to a function interface, e.g.
 * {@code class Tokenizer implements FlatMapFunction<String, String>, RichFunction}.
 */
public interface RichFunction extends Function {
    default void open(RuntimeContext context) throws Exception {}

    default void close() throws Exception {}
}
