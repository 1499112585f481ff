package dev.spindle.api.functions;

/**
 * A function with state of its own in checkpoints and savepoints, as in Flink: non-keyed operator
 * state (lists in the {@link dev.spindle.api.state.OperatorStateStore}, split or union on
 * rescale) and, on a keyed stream, keyed state. Implement it next to a function interface, e.g.
 * {@code class Buffering implements SinkFunction<String>, CheckpointedFunction}.
 *
 * <p>Life cycle, on the task thread: {@link #initializeState} once per parallel instance before
 * {@code RichFunction.open} (get the states there, and read them back when
 * {@link FunctionInitializationContext#isRestored()}), then {@link #snapshotState} at every
 * checkpoint, when the checkpoint's barrier has passed the function: write what the function keeps
 * in fields into its operator state there; the runtime snapshots the state right after. Run by
 * {@code map}, {@code flatMap}, {@code filter}, {@code addSink} and keyed {@code process}.
 */
public interface CheckpointedFunction {
    /** Puts the function's state for checkpoint {@code context.getCheckpointId()} into its states. */
    void snapshotState(FunctionSnapshotContext context) throws Exception;

    /** Registers the function's states and, on a restore, reads them back. */
    void initializeState(FunctionInitializationContext context) throws Exception;
}
