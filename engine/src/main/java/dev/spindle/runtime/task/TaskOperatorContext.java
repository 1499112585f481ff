package dev.spindle.runtime.task;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.operators.OperatorContext;
import dev.spindle.config.Configuration;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.state.DefaultOperatorStateStore;
import dev.spindle.state.HeapKeyedStateBackend;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.state.OperatorStateSnapshot;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** The {@link OperatorContext} of one operator of a task. */
final class TaskOperatorContext implements OperatorContext {
    private final TaskDescriptor task;
    private final Configuration configuration;
    private final TaskRuntimeContext runtimeContext;
    private final BooleanSupplier cancelled;
    private final boolean keyedInput;
    private KeyedStateBackend keyedState;
    private KeyedStateBackend restoredKeyedState;
    private boolean checkpointingEnabled;
    private DefaultOperatorStateStore operatorState;
    private boolean restored;
    private long restoredCheckpointId = -1;

    TaskOperatorContext(
            TaskDescriptor task,
            Configuration configuration,
            TaskRuntimeContext runtimeContext,
            BooleanSupplier cancelled,
            boolean keyedInput) {
        this.task = task;
        this.configuration = configuration;
        this.runtimeContext = runtimeContext;
        this.cancelled = cancelled;
        this.keyedInput = keyedInput;
    }

    @Override
    public RuntimeContext runtimeContext() {
        return runtimeContext;
    }

    @Override
    public RuntimeExecutionMode runtimeMode() {
        return task.runtimeMode();
    }

    @Override
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public int subtaskIndex() {
        return task.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return task.parallelism();
    }

    @Override
    public int maxParallelism() {
        return task.maxParallelism();
    }

    @Override
    public <K> KeyedStateBackend keyedStateBackend(KeySelector<?, K> keySelector) {
        if (!keyedInput) {
            throw new IllegalStateException(
                    "operator in '" + task.vertexName() + "' uses keyed state, but its input is "
                            + "not partitioned by key; apply it to a KeyedStream (after keyBy)");
        }
        if (keyedState != null) {
            throw new IllegalStateException("keyed state backend created twice");
        }
        keyedState = restoredKeyedState != null
                ? restoredKeyedState
                : new HeapKeyedStateBackend(keyGroupRange(), task.maxParallelism(), runtimeContext.userClassLoader());
        runtimeContext.setKeyedState(keyedState);
        return keyedState;
    }

    /** The key groups of this subtask: what its keyed state holds and what a restore reads. */
    KeyGroupRange keyGroupRange() {
        return KeyHashing.rangeForOperator(task.maxParallelism(), task.parallelism(), task.subtaskIndex());
    }

    /**
     * Sets the keyed state restored from a checkpoint (e.g. {@code HeapKeyedStateBackend.restore}
     * for {@link #keyGroupRange()}), which {@link #keyedStateBackend} then returns instead of an
     * empty backend; before {@code open}.
     */
    void setRestoredKeyedState(KeyedStateBackend restored) {
        if (!restored.keyGroupRange().equals(keyGroupRange())) {
            throw new IllegalArgumentException("restored keyed state holds key groups " + restored.keyGroupRange()
                    + ", this subtask holds " + keyGroupRange());
        }
        this.restoredKeyedState = restored;
    }

    /**
     * Sets what the operator learns about checkpoints and the state it is restored from; before
     * {@code open}.
     *
     * @throws IOException when the restored operator state cannot be read
     */
    void setCheckpointing(boolean enabled, long restoredCheckpointId, TaskDescriptor.OperatorRestore restore)
            throws IOException {
        this.checkpointingEnabled = enabled;
        this.restoredCheckpointId = restoredCheckpointId;
        this.restored = restore.restored();
        OperatorStateSnapshot state = null;
        if (restore.operatorState() != null) {
            try {
                state = OperatorStateSnapshot.fromBytes(restore.operatorState());
            } catch (IOException e) {
                throw new IOException(
                        "cannot restore the operator state of " + task.taskName() + ": " + e.getMessage(), e);
            }
        }
        this.operatorState = new DefaultOperatorStateStore(runtimeContext.userClassLoader(), state);
    }

    @Override
    public boolean checkpointingEnabled() {
        return checkpointingEnabled;
    }

    @Override
    public DefaultOperatorStateStore operatorStateStore() {
        if (operatorState == null) {
            operatorState = new DefaultOperatorStateStore(runtimeContext.userClassLoader(), null);
        }
        return operatorState;
    }

    @Override
    public boolean isRestored() {
        return restored;
    }

    @Override
    public long restoredCheckpointId() {
        return restoredCheckpointId;
    }

    /** The keyed state backend the operator created, or null. */
    KeyedStateBackend keyedState() {
        return keyedState;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }
}
