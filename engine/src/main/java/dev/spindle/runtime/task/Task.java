package dev.spindle.runtime.task;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.LongCounter;
import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.Output;
import dev.spindle.api.operators.SourceOperator;
import dev.spindle.api.operators.StreamOperator;
import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.UserSystemExits;
import dev.spindle.graph.JobVertex;
import dev.spindle.graph.Partitioning;
import dev.spindle.graph.UserCode;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.TaskMetricGroup;
import dev.spindle.network.ChannelSelector;
import dev.spindle.network.InputGate;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordWriter;
import dev.spindle.network.ResultPartition;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.types.TypeInfo;
import dev.spindle.util.Exceptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel instance of a job vertex: sets up its exchanges, runs its operator chain (a source
 * loop, or a loop over its input gate), and reports its state. The same code runs in a local
 * thread and in a TaskManager. Its input is read by a {@link TaskInput}, its part of checkpoints
 * taken by a {@code TaskCheckpointer}.
 *
 * <p>Threading: {@link #run} runs on the task's own thread; {@link #cancel} may come from any
 * thread, also before the task thread has started. State reports go to the {@link TaskListener}
 * on the task thread.
 *
 * <p>Cancellation wakes every wait of the task explicitly, not only by interrupting its thread
 * (which is not there yet when a task is cancelled right after it was deployed): the input gate is
 * cancelled, which wakes a wait for a producer's partition or connection and a wait for input;
 * a wait for an output buffer ends when the job's partitions are released.
 */
public final class Task implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    private final TaskDescriptor descriptor;
    private final ShuffleEnvironment shuffle;
    private final ClassLoader userClassLoader;
    private final TaskListener listener;
    private final Configuration configuration;
    private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();
    /** Its metrics; its record counters also give the job result's {@code <vertex>.numRecordsIn/Out}. */
    private final TaskMetrics metrics;

    private final List<RecordWriter<Object>> writers = new ArrayList<>();
    private final List<StreamOperator<?>> operators = new ArrayList<>();

    private volatile boolean cancelled;
    private volatile boolean done;
    private volatile Thread thread;
    private volatile SourceOperator<?> source;
    private volatile InputGate gate;
    /** Null for a source. */
    private TaskInput input;

    private int opened;
    private final List<TaskOperatorContext> contexts = new ArrayList<>();
    /** Null when the job takes no checkpoints. */
    private final TaskCheckpointer checkpointer;

    public Task(
            TaskDescriptor descriptor, ShuffleEnvironment shuffle, ClassLoader userClassLoader, TaskListener listener) {
        this(descriptor, shuffle, userClassLoader, listener, CheckpointResponder.NONE);
    }

    /** A task whose checkpoint acknowledgements go to {@code responder}. */
    public Task(
            TaskDescriptor descriptor,
            ShuffleEnvironment shuffle,
            ClassLoader userClassLoader,
            TaskListener listener,
            CheckpointResponder responder) {
        this(descriptor, shuffle, userClassLoader, listener, responder, TaskMetrics.unregistered(descriptor));
    }

    /**
     * A task whose metrics go into {@code metricGroup} (closed when the task ends, which removes
     * them from the registry).
     */
    public Task(
            TaskDescriptor descriptor,
            ShuffleEnvironment shuffle,
            ClassLoader userClassLoader,
            TaskListener listener,
            CheckpointResponder responder,
            TaskMetricGroup metricGroup) {
        this.metrics = new TaskMetrics(metricGroup);
        this.descriptor = descriptor;
        this.shuffle = shuffle;
        this.userClassLoader = userClassLoader;
        this.listener = listener;
        this.configuration = Configuration.fromMap(descriptor.configuration());
        this.checkpointer = TaskCheckpointer.enabled(descriptor, configuration)
                ? new TaskCheckpointer(descriptor, responder, configuration)
                : null;
    }

    /** The coordinator triggered a checkpoint; any thread. Ignored by a job without checkpoints. */
    public void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options) {
        if (checkpointer != null) {
            checkpointer.trigger(checkpointId, timestamp, options);
        }
    }

    /** A checkpoint completed; any thread. */
    public void notifyCheckpointComplete(long checkpointId) {
        if (checkpointer != null) {
            checkpointer.notifyComplete(checkpointId);
        }
    }

    public TaskDescriptor descriptor() {
        return descriptor;
    }

    /** The writers of this task's outputs, so that a timer can ask them to flush. */
    public List<RecordWriter<Object>> writers() {
        return writers;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(userClassLoader);
        Throwable failure = null;
        try {
            if (cancelled) {
                // Cancelled before this thread ran: cancel() may not have seen the thread to interrupt.
                throw new CancelledException();
            }
            report(ExecutionState.RUNNING, null);
            // The whole chain is user code (its functions, their deserialization, the threads they
            // start): where exits are intercepted, System.exit there fails the task.
            UserSystemExits.runAsUserCode(() -> {
                runChain();
                return null;
            });
        } catch (Throwable t) {
            failure = t;
        }
        Throwable failed = failure;
        failure = UserSystemExits.runAsUserCode(() -> closeAll(failed));
        if (checkpointer != null) {
            checkpointer.close(failure == null);
        }
        thread.setContextClassLoader(previous);
        metrics.close(); // before the end is reported: a finished task's metrics are gone by then
        done = true;
        if (failure == null) {
            report(ExecutionState.FINISHED, null);
        } else if (cancelled) {
            report(ExecutionState.CANCELED, null);
        } else {
            LOG.warn("Task {} failed", descriptor.taskName(), failure);
            report(ExecutionState.FAILED, failure);
        }
    }

    private void runChain() throws Exception {
        setUp();
        openOperators();
        if (checkpointer != null) {
            checkpointer.attach(operators, contexts, writers, gate);
        }
        boolean restoredFinished =
                descriptor.restore() != null && descriptor.restore().finished();
        if (source != null) {
            if (!restoredFinished) {
                source.run(); // a source that had ended before the checkpoint emits nothing more
            }
        } else {
            @SuppressWarnings("unchecked") // the head consumes the records of its input edges
            OneInputOperator<Object, ?> head = (OneInputOperator<Object, ?>) operators.get(0);
            input.process(head, writers, () -> cancelled, metrics.io());
        }
        if (cancelled) {
            throw new CancelledException();
        }
        long stoppedWith = checkpointer == null ? -1 : checkpointer.stoppedWithSavepoint();
        if (stoppedWith >= 0) {
            // Stopped with a savepoint (no drain): the operators do not finish, so that a job resumed
            // from the savepoint goes on where this one stopped; the savepoint's completion commits.
            for (RecordWriter<Object> w : writers) {
                w.finish();
            }
            if (!checkpointer.awaitNotified(stoppedWith, () -> cancelled)) {
                throw new CancelledException();
            }
            return;
        }
        for (StreamOperator<?> op : operators) {
            op.finish();
        }
        for (RecordWriter<Object> w : writers) {
            w.finish();
        }
        if (checkpointer != null && !checkpointer.awaitFinalCheckpoint(() -> cancelled)) {
            throw new CancelledException();
        }
    }

    private void setUp() throws Exception {
        metrics.registerTask(() -> gate, writers);
        for (JobVertex.ChainedOperator op : descriptor.operators()) {
            operators.add(UserCode.deserialize(op.payload(), userClassLoader, StreamOperator.class));
        }
        for (TaskDescriptor.OutputSpec out : descriptor.outputs()) {
            ResultPartition partition = shuffle.createResultPartition(
                    new PartitionId(descriptor.jobId(), out.edgeId(), descriptor.subtaskIndex(), descriptor.attempt()),
                    out.numSubpartitions());
            writers.add(new RecordWriter<>(
                    partition,
                    selector(out),
                    serializerOf(out.typePayload()),
                    configuration
                            .get(dev.spindle.config.CoreOptions.BUFFER_TIMEOUT)
                            .isZero(),
                    metrics.io().numBytesOut(),
                    metrics.io().backPressured()));
        }
        if (!descriptor.source()) {
            TaskInput in = TaskInput.create(descriptor, shuffle, userClassLoader, checkpointer);
            input = in;
            InputGate g = in.gate();
            gate = g;
            if (cancelled) {
                g.cancel(); // cancel() ran before the gate was there to be cancelled
            }
            g.setup();
        }
    }

    private ChannelSelector<Object> selector(TaskDescriptor.OutputSpec out) throws Exception {
        return switch (out.partitioning()) {
            case FORWARD -> ChannelSelector.forward();
            case BROADCAST -> ChannelSelector.broadcast();
            case REBALANCE -> ChannelSelector.rebalance(out.consumerParallelism(), descriptor.subtaskIndex());
            case HASH -> {
                @SuppressWarnings("unchecked") // the edge's key selector accepts the edge's records
                KeySelector<Object, ?> keys =
                        UserCode.deserialize(out.keySelectorPayload(), userClassLoader, KeySelector.class);
                yield ChannelSelector.hash(keys, out.consumerMaxParallelism(), out.consumerParallelism());
            }
        };
    }

    /** The type of an edge's records, from its payload. */
    @SuppressWarnings("unchecked") // a type info of the edge's record type
    static TypeInfo<Object> typeOf(byte[] payload, ClassLoader userClassLoader) throws Exception {
        return UserCode.deserialize(payload, userClassLoader, TypeInfo.class);
    }

    private dev.spindle.types.TypeSerializer<Object> serializerOf(byte[] payload) throws Exception {
        return typeOf(payload, userClassLoader).createSerializer(userClassLoader);
    }

    /** Opens the chain tail first, so that every operator's output is ready before it emits. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // operators of a chain agree on types by construction
    private void openOperators() throws Exception {
        int n = operators.size();
        Output<?>[] outputs = new Output<?>[n];
        SimpleCounter[] records = metrics.chainCounters(n, descriptor.source(), !writers.isEmpty());
        outputs[n - 1] =
                writers.isEmpty() ? ChainOutputs.discarding(records[n]) : ChainOutputs.toWriters(writers, records[n]);
        for (int i = 0; i < n; i++) {
            contexts.add(null);
        }
        for (int i = n - 2; i >= 0; i--) {
            StreamOperator<?> next = operators.get(i + 1);
            if (!(next instanceof OneInputOperator<?, ?> oneInput)) {
                throw new IllegalStateException("operator " + (i + 1) + " of '" + descriptor.vertexName()
                        + "' cannot be chained: it takes no input");
            }
            outputs[i] = ChainOutputs.chained((OneInputOperator) oneInput, outputs[i + 1], records[i + 1]);
        }
        boolean keyedInput = !descriptor.inputs().isEmpty()
                && descriptor.inputs().stream().allMatch(in -> in.partitioning() == Partitioning.Kind.HASH);
        for (int i = n - 1; i >= 0; i--) {
            StreamOperator op = operators.get(i);
            TaskRuntimeContext rc = new TaskRuntimeContext(
                    descriptor,
                    counters,
                    userClassLoader,
                    metrics.operator(descriptor.operators().get(i), records[i], records[i + 1]));
            TaskOperatorContext context =
                    new TaskOperatorContext(descriptor, configuration, rc, () -> cancelled, keyedInput && i == 0);
            restoreInto(context, i);
            if (checkpointer != null) {
                var keyed = checkpointer.restoreKeyedState(i, context, userClassLoader);
                if (keyed != null) {
                    context.setRestoredKeyedState(keyed);
                }
            }
            contexts.set(i, context);
            Output<?> out = outputs[i];
            if (i == 0 && descriptor.source() && checkpointer != null) {
                out = ChainOutputs.checkpointingSource(out, checkpointer, ((SourceOperator<?>) op)::cancel);
            }
            op.open(context, out);
            opened++;
        }
        StreamOperator<?> head = operators.get(0);
        if (descriptor.source()) {
            if (!(head instanceof SourceOperator<?> s)) {
                throw new IllegalStateException(
                        "source vertex '" + descriptor.vertexName() + "' has no source operator");
            }
            source = s;
            if (cancelled) {
                s.cancel();
            }
        }
    }

    /** Tells the operator's context about checkpointing and the state it is restored from. */
    private void restoreInto(TaskOperatorContext context, int operatorIndex) throws java.io.IOException {
        TaskDescriptor.TaskRestore restore = descriptor.restore();
        if (restore == null) {
            context.setCheckpointing(checkpointer != null, -1, TaskDescriptor.OperatorRestore.NONE);
            return;
        }
        context.setCheckpointing(checkpointer != null, restore.checkpointId(), restore.operator(operatorIndex));
    }

    /** Closes what was opened, in any outcome; returns the first failure with later ones suppressed. */
    private Throwable closeAll(Throwable failure) {
        for (int i = operators.size() - 1; i >= operators.size() - opened && i >= 0; i--) {
            try {
                operators.get(i).close();
            } catch (Throwable t) {
                failure = Exceptions.firstOrSuppressed(t, failure);
            }
        }
        if (failure != null) {
            for (RecordWriter<Object> w : writers) {
                w.discard();
            }
        }
        if (input != null) {
            input.close();
        }
        return failure;
    }

    /** Stops the task as soon as possible; returns at once. Safe from any thread, more than once. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (checkpointer != null) {
            checkpointer.cancel();
        }
        SourceOperator<?> s = source;
        if (s != null) {
            s.cancel();
        }
        InputGate g = gate;
        if (g != null) {
            g.cancel();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Whether the task has ended, in whatever state. */
    public boolean isFinished() {
        return done;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    private void report(ExecutionState state, Throwable failure) {
        Map<String, Long> snapshot = new TreeMap<>();
        if (state.isTerminal()) {
            String prefix = descriptor.vertexName() + ".";
            snapshot.put(prefix + "numRecordsIn", metrics.io().numRecordsIn().getCount());
            snapshot.put(prefix + "numRecordsOut", metrics.io().numRecordsOut().getCount());
            Map<String, LongCounter> copy = new HashMap<>(counters);
            copy.forEach((name, c) -> snapshot.put(name, c.get()));
        }
        listener.stateChanged(new TaskExecutionState(
                descriptor.jobId(),
                descriptor.vertexId(),
                descriptor.subtaskIndex(),
                state,
                failure,
                snapshot,
                descriptor.attempt()));
    }

    /** Marks the end of a task that saw its cancellation between steps. */
    private static final class CancelledException extends Exception {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("task cancelled");
        }
    }
}
