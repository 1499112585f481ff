package dev.spindle.api.operators;

/**
 * The head of a source task. {@link #run} emits to the output given in {@code open} until the
 * source is exhausted (bounded) or cancelled; {@link #cancel} is called from another thread and
 * must make {@code run} return promptly.
 */
public interface SourceOperator<OUT> extends StreamOperator<OUT> {

    void run() throws Exception;

    void cancel();

    /** Whether {@link #run} ends by itself. BATCH mode accepts only bounded sources. */
    boolean isBounded();

    /** Whether more than one parallel instance makes sense (each reads a share of the input). */
    boolean isParallel();
}
