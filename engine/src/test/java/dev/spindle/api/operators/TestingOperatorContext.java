package dev.spindle.api.operators;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.state.OperatorStateStore;
import dev.spindle.config.Configuration;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.DefaultOperatorStateStore;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.state.OperatorStateSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

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
    private final DefaultOperatorStateStore store;

    private TestingOperatorContext(
            int subtaskIndex, int parallelism, boolean checkpointing, long restoredCheckpointId, byte[] restoredState) {
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.checkpointing = checkpointing;
        this.restoredCheckpointId = restoredCheckpointId;
        this.restoredState = restoredState;
        try {
            this.store = new DefaultOperatorStateStore(
                    TestingOperatorContext.class.getClassLoader(),
                    restoredState == null ? null : OperatorStateSnapshot.fromBytes(restoredState));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes {@code operator}'s part of checkpoint {@code checkpointId} as the runtime does: its
     * {@code snapshotState}, then this context's operator state store; returns the store's bytes
     * (what {@link #restoredFrom} takes), or null when it holds nothing.
     */
    public byte[] snapshot(StreamOperator<?> operator, long checkpointId) throws Exception {
        operator.snapshotState(checkpointId);
        OperatorStateSnapshot snapshot = store.snapshot();
        return snapshot.isEmpty() ? null : snapshot.toBytes();
    }

    /** Operator state bytes of one split list of the given elements (how sources keep positions). */
    public static byte[] splitList(String name, byte[]... elements) {
        return list(name, OperatorStateSnapshot.Distribution.SPLIT, elements);
    }

    /**
     * Operator state bytes of one list of {@code byte[]} elements (each serialized as {@code
     * Types.BYTES} does, as the store keeps them).
     */
    public static byte[] list(String name, OperatorStateSnapshot.Distribution distribution, byte[]... elements) {
        dev.spindle.types.TypeSerializer<byte[]> serializer =
                dev.spindle.types.Types.BYTES.createSerializer(TestingOperatorContext.class.getClassLoader());
        List<byte[]> serialized = new java.util.ArrayList<>();
        for (byte[] e : elements) {
            dev.spindle.types.DataOutputView out = new dev.spindle.types.DataOutputView(64);
            try {
                serializer.serialize(e, out);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            serialized.add(out.toByteArray());
        }
        return new OperatorStateSnapshot(Map.of(name, new OperatorStateSnapshot.NamedList(distribution, serialized)))
                .toBytes();
    }

    /** Subtask {@code index} of {@code parallelism}, without checkpointing. */
    public static TestingOperatorContext subtask(int index, int parallelism) {
        return new TestingOperatorContext(index, parallelism, false, -1, null);
    }

    /** The same subtask on a fresh start of a job that takes checkpoints. */
    public TestingOperatorContext withCheckpointing() {
        return new TestingOperatorContext(subtaskIndex, parallelism, true, -1, null);
    }

    /**
     * The same subtask restored from checkpoint {@code checkpointId} with {@code state} (operator
     * state bytes as {@link #snapshot} returns them; null: restored, but with no operator state).
     */
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
    public OperatorStateStore operatorStateStore() {
        return store;
    }

    @Override
    public boolean isRestored() {
        return restoredCheckpointId >= 0;
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
