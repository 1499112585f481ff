package dev.spindle.api.operators;

import java.io.Serializable;

/**
 * A step of a pipeline as the runtime sees it. Operators are serialized into the job graph and
 * every parallel task deserializes its own instance, so fields set before {@link #open} are
 * configuration and fields set in {@code open} are per-task state (make those transient).
 *
 * <p>Life cycle, all on the task thread: {@link #open}, records (and for sources {@code run}),
 * then on success {@link #finish} (the input has ended: emit final results), and always
 * {@link #close} (release resources, on success, failure or cancellation alike).
 *
 * @param <OUT> the type of the records the operator emits
 */
public interface StreamOperator<OUT> extends Serializable {

    void open(OperatorContext context, Output<OUT> output) throws Exception;

    /** All input has been processed; emit what was held back (BATCH results, file commits). */
    default void finish() throws Exception {}

    /** Releases resources; called exactly once after {@code open} was called, whatever happened. */
    default void close() throws Exception {}
}
