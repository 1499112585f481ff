package dev.spindle.api.operators;

import dev.spindle.api.functions.CheckpointedFunction;
import dev.spindle.api.functions.FunctionInitializationContext;
import dev.spindle.api.functions.FunctionSnapshotContext;
import dev.spindle.api.state.KeyedStateStore;
import dev.spindle.api.state.OperatorStateStore;

/** Runs the {@link CheckpointedFunction} life cycle of an operator's user function, when it has one. */
final class CheckpointedFunctions {
    private CheckpointedFunctions() {}

    /**
     * Calls {@code initializeState} with the operator's state stores; in {@code open}, after the
     * keyed state backend exists ({@code keyed}) and before the function's own {@code open}.
     */
    static void initialize(Object function, OperatorContext context, boolean keyed) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.initializeState(new Initialization(
                    context.isRestored(), context.operatorStateStore(), keyed ? context.runtimeContext() : null));
        }
    }

    /** Calls {@code snapshotState}; from the operator's {@link StreamOperator#snapshotState}. */
    static void snapshot(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(new Snapshot(checkpointId));
        }
    }

    private record Initialization(boolean restored, OperatorStateStore operatorState, KeyedStateStore keyedState)
            implements FunctionInitializationContext {
        @Override
        public boolean isRestored() {
            return restored;
        }

        @Override
        public OperatorStateStore getOperatorStateStore() {
            return operatorState;
        }

        @Override
        public KeyedStateStore getKeyedStateStore() {
            return keyedState;
        }
    }

    private record Snapshot(long checkpointId) implements FunctionSnapshotContext {
        @Override
        public long getCheckpointId() {
            return checkpointId;
        }
    }
}
