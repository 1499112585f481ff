package dev.spindle.runtime.task;

import dev.spindle.api.operators.StreamOperator;
import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.CheckpointingMode;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.network.Events;
import dev.spindle.network.InputGate;
import dev.spindle.network.RecordWriter;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.state.KeyedStateSnapshot;
import dev.spindle.state.OperatorStateSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The checkpointing side of one task: takes its part of a checkpoint when alignment completes (or,
 * at a source, when the coordinator triggers it), forwards the barrier, hands the state to the
 * coordinator (through a {@link TaskStateWriter}, which stores the keyed state), passes completion
 * notifications on to the operators, and holds a task whose input ended until one more checkpoint
 * has completed (its final checkpoint, which makes what it did at the end durable before it ends).
 *
 * <p>Threading: {@link #trigger}, {@link #notifyComplete} and {@link #cancel} come from any thread
 * and only set fields and wake the task thread; everything else runs on the task thread. The task
 * thread looks at a single volatile flag per record ({@link #needsAttention}).
 */
final class TaskCheckpointer {
    private final TaskDescriptor task;
    private final CheckpointResponder responder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private volatile boolean attention;
    private volatile long triggeredId = -1;
    private volatile long triggeredTimestamp;
    private volatile CheckpointOptions triggeredOptions = CheckpointOptions.CHECKPOINT;
    /** The STOP savepoint this task took: it ends without finishing once that completes; -1 before. */
    private long stoppedWith = -1;
    /** A STOP_AND_DRAIN savepoint was triggered at this source: it ends its input, then takes it. */
    private boolean drainRequested;
    /** The options of the newest barrier seen; task thread. */
    private long barrierOptionsId = -1;

    private CheckpointOptions barrierOptions = CheckpointOptions.CHECKPOINT;
    private volatile long completedId = -1;
    private volatile boolean cancelled;

    private List<StreamOperator<?>> operators = List.of();
    private List<TaskOperatorContext> contexts = List.of();
    private List<RecordWriter<Object>> writers = List.of();
    private volatile InputGate gate;
    private BarrierAligner aligner;
    private long latestTaken;
    private long notified;
    private boolean inputEnded;
    /** The task's final checkpoint: the first taken after its input ended; -1 before. */
    private long firstAfterInputEnded = -1;

    private final boolean exactlyOnce;
    private final TaskStateWriter stateWriter;

    TaskCheckpointer(TaskDescriptor task, CheckpointResponder responder, Configuration configuration) {
        this.task = task;
        this.responder = responder;
        this.stateWriter = new TaskStateWriter(task, responder, configuration);
        this.exactlyOnce = configuration.get(CheckpointingOptions.MODE) == CheckpointingMode.EXACTLY_ONCE;
        // A restored task has taken part in the checkpoint it is restored from.
        long restored = task.restore() == null ? -1 : task.restore().checkpointId();
        this.latestTaken = restored;
        this.notified = restored;
    }

    /** Whether tasks of this job take checkpoints: STREAMING with a checkpoint interval. */
    static boolean enabled(TaskDescriptor task, Configuration configuration) {
        Duration interval = configuration.contains(CheckpointingOptions.INTERVAL)
                ? configuration.get(CheckpointingOptions.INTERVAL)
                : null;
        return task.runtimeMode() == RuntimeExecutionMode.STREAMING
                && interval != null
                && !interval.isZero()
                && !interval.isNegative();
    }

    /** Connects the task's parts, once they are set up; task thread. */
    void attach(
            List<StreamOperator<?>> operators,
            List<TaskOperatorContext> contexts,
            List<RecordWriter<Object>> writers,
            InputGate gate) {
        this.operators = operators;
        this.contexts = contexts;
        this.writers = writers;
        this.gate = gate;
        if (gate != null) {
            aligner = new BarrierAligner(gate, exactlyOnce);
            aligner.taken(latestTaken);
        }
        if (triggeredId > latestTaken || completedId > notified) {
            attention = true;
        }
    }

    // ---- any thread ----

    /** The coordinator triggered checkpoint {@code checkpointId}. */
    void trigger(long checkpointId, long timestamp, CheckpointOptions options) {
        lock.lock();
        try {
            if (checkpointId > triggeredId) {
                triggeredTimestamp = timestamp;
                triggeredOptions = options;
                triggeredId = checkpointId;
            }
            attention = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        wakeGate();
    }

    /** Checkpoint {@code checkpointId} completed. */
    void notifyComplete(long checkpointId) {
        lock.lock();
        try {
            if (checkpointId > completedId) {
                completedId = checkpointId;
            }
            attention = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        wakeGate();
    }

    /** The task is being cancelled: a final wait ends. */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void wakeGate() {
        InputGate g = gate;
        if (g != null) {
            g.wakeUp();
        }
    }

    // ---- task thread ----

    boolean needsAttention() {
        return attention;
    }

    /**
     * Acts on triggers and notifications: a source takes a triggered checkpoint here (between two
     * records, so its position is exact); other running tasks take theirs at aligned barriers.
     */
    void onAttention(boolean source) throws Exception {
        attention = false;
        if (source || inputEnded) {
            long id = triggeredId;
            if (id > latestTaken) {
                if (source && !inputEnded && triggeredOptions.drains()) {
                    drainRequested = true; // taken as the final checkpoint, once the input has ended
                } else {
                    take(id, triggeredTimestamp);
                }
            }
        }
        deliverNotifications();
    }

    /** The options a barrier carries (see {@link Events}); unknown kinds are taken as checkpoints. */
    static CheckpointOptions optionsOf(int kind, String location) {
        if (kind < 1 || kind > 3 || location == null) {
            return CheckpointOptions.CHECKPOINT;
        }
        return new CheckpointOptions(dev.spindle.checkpoint.SavepointType.values()[kind - 1], location);
    }

    private static int kindOf(CheckpointOptions options) {
        return options.isSavepoint() ? options.savepointType().ordinal() + 1 : 0;
    }

    void onBarrier(int channel, long checkpointId, long timestamp, CheckpointOptions options) throws Exception {
        if (checkpointId > barrierOptionsId) {
            // The barrier may come before the coordinator's trigger: it says what is being taken.
            barrierOptionsId = checkpointId;
            barrierOptions = options;
        }
        BarrierAligner.Aligned aligned = aligner.onBarrier(channel, checkpointId, timestamp);
        if (aligned != null) {
            take(aligned.checkpointId(), aligned.timestamp());
        }
    }

    void onChannelEnd(int channel) throws Exception {
        BarrierAligner.Aligned aligned = aligner.onChannelEnd(channel);
        if (aligned != null) {
            take(aligned.checkpointId(), aligned.timestamp());
        }
    }

    /**
     * The task has processed all input and its operators have finished: waits until a checkpoint
     * taken from now on has completed and its notification has reached the operators. Returns
     * false when the task was cancelled meanwhile.
     */
    boolean awaitFinalCheckpoint(BooleanSupplier taskCancelled) throws Exception {
        inputEnded = true;
        responder.inputEnded(task);
        while (true) {
            if (cancelled || taskCancelled.getAsBoolean()) {
                return false;
            }
            onAttention(false);
            if (firstAfterInputEnded >= 0 && notified >= firstAfterInputEnded) {
                return true;
            }
            lock.lock();
            try {
                if (!attention && !cancelled) {
                    changed.await(200, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The id of the STOP savepoint this task took, or -1: then it ends without finishing. */
    long stoppedWithSavepoint() {
        return stoppedWith;
    }

    /** Whether this source was asked to end its input for a STOP_AND_DRAIN savepoint. */
    boolean drainRequested() {
        return drainRequested;
    }

    /**
     * Waits until the completion of checkpoint {@code checkpointId} has reached the operators (a
     * task stopped with a savepoint commits then). Returns false when the task was cancelled.
     */
    boolean awaitNotified(long checkpointId, BooleanSupplier taskCancelled) throws Exception {
        while (true) {
            if (cancelled || taskCancelled.getAsBoolean()) {
                return false;
            }
            deliverNotifications();
            if (notified >= checkpointId) {
                return true;
            }
            lock.lock();
            try {
                if (completedId < checkpointId && !cancelled) {
                    changed.await(200, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void take(long checkpointId, long timestamp) throws Exception {
        if (checkpointId <= latestTaken) {
            return;
        }
        latestTaken = checkpointId;
        CheckpointOptions options = barrierOptionsId == checkpointId
                ? barrierOptions
                : triggeredId == checkpointId ? triggeredOptions : CheckpointOptions.CHECKPOINT;
        if (options.stopsWithoutDrain() && !inputEnded) {
            stoppedWith = checkpointId;
        }
        if (aligner != null) {
            aligner.taken(checkpointId);
        }
        if (inputEnded && firstAfterInputEnded < 0) {
            firstAfterInputEnded = checkpointId;
        }
        if (!inputEnded) {
            // The barrier goes first: everything emitted so far is before it downstream.
            for (RecordWriter<Object> w : writers) {
                w.broadcastEvent(
                        () -> Events.checkpointBarrier(checkpointId, timestamp, kindOf(options), options.location()));
            }
        }
        int n = operators.size();
        byte[][] states = new byte[n][];
        KeyedStateSnapshot[] keyed = new KeyedStateSnapshot[n];
        try {
            for (int i = 0; i < n; i++) {
                operators.get(i).snapshotState(checkpointId);
                OperatorStateSnapshot operatorState =
                        contexts.get(i).operatorStateStore().snapshot();
                states[i] = operatorState.isEmpty() ? null : operatorState.toBytes();
                KeyedStateBackend backend = contexts.get(i).keyedState();
                if (backend != null) {
                    keyed[i] = backend.snapshot();
                }
            }
        } catch (Exception e) {
            stateWriter.decline(checkpointId, keyed, e);
            return;
        }
        stateWriter.acknowledge(checkpointId, options.location(), inputEnded, states, keyed);
    }

    /**
     * The keyed state of operator {@code index} as the task's restore names it, or null when it
     * has none. Task thread, before the operator opens.
     */
    KeyedStateBackend restoreKeyedState(int index, TaskOperatorContext context, ClassLoader userClassLoader)
            throws IOException {
        return stateWriter.restoreKeyedState(index, context, userClassLoader);
    }

    /** The task has ended: a snapshot being written for a checkpoint the task no longer cares about may stop. */
    void close(boolean finished) {
        stateWriter.close(finished);
    }

    private void deliverNotifications() throws Exception {
        long id = Math.min(completedId, latestTaken);
        if (id > notified) {
            notified = id;
            for (StreamOperator<?> op : operators) {
                op.notifyCheckpointComplete(id);
            }
        }
    }
}
