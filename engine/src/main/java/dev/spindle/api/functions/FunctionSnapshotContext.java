package dev.spindle.api.functions;

/** What {@link CheckpointedFunction#snapshotState} knows about the checkpoint being taken. */
public interface FunctionSnapshotContext {
    long getCheckpointId();
}
