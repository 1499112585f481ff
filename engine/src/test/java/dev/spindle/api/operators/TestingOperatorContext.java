package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.config.Configuration;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.KeyedStateBackend;

/**
 * An {@link OperatorContext} for running one operator by hand: a subtask of a parallelism, with
 * or without checkpointing and a restored state. It has no runtime context (null) and no keyed
 * state, so it suits operators whose functions are not rich and that keep no keyed state.
 */
public final class TestingOperatorContext implements OperatorContext {
    private final int subtaskIndex;
    private final int parallelism;
    private final boolean checkpointing;
    private final long restoredCheckpointId;
    private final byte[] restoredState;

    private TestingOperatorContext(
            int subtaskIndex, int parallelism, boolean checkpointing, long restoredCheckpointId, byte[] restoredState) {
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.checkpointing = checkpointing;
        this.restoredCheckpointId = restoredCheckpointId;
        this.restoredState = restoredState;
    }

    /** Subtask {@code index} of {@code parallelism}, without checkpointing. */
    public static TestingOperatorContext subtask(int index, int parallelism) {
        return new TestingOperatorContext(index, parallelism, false, -1, null);
    }

    /** The same subtask on a fresh start of a job that takes checkpoints. */
    public TestingOperatorContext withCheckpointing() {
        return new TestingOperatorContext(subtaskIndex, parallelism, true, -1, null);
    }

    /** The same subtask restored from checkpoint {@code checkpointId} with {@code state}. */
    public TestingOperatorContext restoredFrom(long checkpointId, byte[] state) {
        return new TestingOperatorContext(subtaskIndex, parallelism, true, checkpointId, state);
    }

    @Override
    public RuntimeContext runtimeContext() {
        return null;
    }

    @Override
    public RuntimeExecutionMode runtimeMode() {
        return RuntimeExecutionMode.STREAMING;
    }

    @Override
    public Configuration configuration() {
        return new Configuration();
    }

    @Override
    public int subtaskIndex() {
        return subtaskIndex;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public int maxParallelism() {
        return 128;
    }

    @Override
    public <K> KeyedStateBackend keyedStateBackend(KeySelector<?, K> keySelector) {
        throw new UnsupportedOperationException("no keyed state in a TestingOperatorContext");
    }

    @Override
    public boolean checkpointingEnabled() {
        return checkpointing;
    }

    @Override
    public byte[] restoredOperatorState() {
        return restoredState;
    }

    @Override
    public long restoredCheckpointId() {
        return restoredCheckpointId;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
