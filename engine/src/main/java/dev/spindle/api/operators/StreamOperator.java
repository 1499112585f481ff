package dev.spindle.api.operators;

import java.io.Serializable;

/**
 * A step of a pipeline as the runtime sees it. Operators are serialized into the job graph and
 * every parallel task deserializes its own instance, so fields set before {@link #open} are
 * configuration and fields set in {@code open} are per-task state (make those transient).
 *
 * <p>Life cycle, all on the task thread: {@link #open}, records (and for sources {@code run}),
 * then on success {@link #finish} (the input has ended: emit final results), and always
 * {@link #close} (release resources, on success, failure or cancellation alike). With
 * checkpointing, {@link #snapshotState} and {@link #notifyCheckpointComplete} come between
 * records, and after {@code finish} for the task's final checkpoint.
 *
 * @param <OUT> the type of the records the operator emits
 */
public interface StreamOperator<OUT> extends Serializable {

    void open(OperatorContext context, Output<OUT> output) throws Exception;

    /** All input has been processed; emit what was held back (BATCH results, file commits). */
    default void finish() throws Exception {}

    /** Releases resources; called exactly once after {@code open} was called, whatever happened. */
    default void close() throws Exception {}

    /**
     * Takes this operator's part of checkpoint {@code checkpointId}: called on the task thread when
     * the checkpoint's barrier has passed, so every record before the barrier has been processed
     * and none after it. Also called after {@link #finish} for a task's final checkpoint. Keyed
     * state is snapshotted by the runtime; this is for the rest (a source's position, a sink's
     * pending files): the operator puts it into its {@link OperatorContext#operatorStateStore()},
     * which the runtime snapshots right after this returns, and gets it back from there when the
     * task is restored ({@link OperatorContext#isRestored()}).
     */
    default void snapshotState(long checkpointId) throws Exception {}

    /**
     * Whether this operator keeps operator state of its own (in {@link #snapshotState}): tools
     * warn when such an operator has no uid. Operators with keyed state are recognized by their
     * keyed input.
     */
    default boolean keepsOperatorState() {
        return false;
    }

    /**
     * Checkpoint {@code checkpointId}, which this operator took part in, is complete on the
     * checkpoint storage: effects held back for it may become visible now (a sink commits its
     * files). Task thread. A notification may be skipped when a newer one comes; act on everything
     * up to {@code checkpointId}.
     */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {}
}
