package dev.spindle.runtime.task;

import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.checkpoint.CheckpointOptions;
import dev.spindle.graph.Partitioning;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.TaskIOMetrics;
import dev.spindle.metrics.groups.WaitTimer;
import dev.spindle.network.Buffer;
import dev.spindle.network.BufferOrEvent;
import dev.spindle.network.Events;
import dev.spindle.network.InputChannel;
import dev.spindle.network.InputGate;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordDeserializer;
import dev.spindle.network.RecordWriter;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The input of a {@link Task} that is not a source: a channel per producer subtask (one for a
 * forward edge), a record deserializer per channel, the {@link InputGate} over them, and the loop
 * that feeds the records to the chain's head and hands barriers, channel ends and checkpoint
 * wake-ups to the task's checkpointer. Kept apart from the task so that the task sets up and runs
 * its chain while this class reads its input.
 *
 * <p>Threading: the task thread; only the gate (which the task cancels) is used from others.
 */
final class TaskInput {
    private final InputGate gate;
    private final RecordDeserializer<Object>[] deserializers;
    /** Null when the job takes no checkpoints. */
    private final TaskCheckpointer checkpointer;

    private TaskInput(InputGate gate, RecordDeserializer<Object>[] deserializers, TaskCheckpointer checkpointer) {
        this.gate = gate;
        this.deserializers = deserializers;
        this.checkpointer = checkpointer;
    }

    /**
     * The input of {@code task}'s subtask, its gate not yet set up (so that a cancellation can
     * reach it first). With a {@code checkpointer} the gate hands out barriers and channel ends.
     */
    static TaskInput create(
            TaskDescriptor task, ShuffleEnvironment shuffle, ClassLoader userClassLoader, TaskCheckpointer checkpointer)
            throws Exception {
        List<InputChannel> channels = new ArrayList<>();
        List<RecordDeserializer<Object>> readers = new ArrayList<>();
        for (TaskDescriptor.InputSpec in : task.inputs()) {
            TypeInfo<Object> type = Task.typeOf(in.typePayload(), userClassLoader);
            if (in.partitioning() == Partitioning.Kind.FORWARD) {
                channels.add(shuffle.createInputChannel(
                        new PartitionId(task.jobId(), in.edgeId(), task.subtaskIndex(), task.attempt()), 0));
                readers.add(new RecordDeserializer<>(type.createSerializer(userClassLoader)));
            } else {
                for (int p = 0; p < in.producerParallelism(); p++) {
                    channels.add(shuffle.createInputChannel(
                            new PartitionId(task.jobId(), in.edgeId(), p, task.attempt()), task.subtaskIndex()));
                    readers.add(new RecordDeserializer<>(type.createSerializer(userClassLoader)));
                }
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"}) // generic array
        RecordDeserializer<Object>[] array = readers.toArray(new RecordDeserializer[0]);
        return new TaskInput(new InputGate(channels, checkpointer != null), array, checkpointer);
    }

    InputGate gate() {
        return gate;
    }

    /**
     * Feeds every record to {@code head} until the input ends or {@code cancelled}; flushes {@code
     * writers} whenever there is nothing to read, before it waits. Counts records and bytes into
     * {@code io} once per buffer, and times the waits for input as idle time.
     */
    void process(
            OneInputOperator<Object, ?> head,
            List<RecordWriter<Object>> writers,
            BooleanSupplier cancelled,
            TaskIOMetrics io)
            throws Exception {
        SimpleCounter recordsIn = io.numRecordsIn();
        SimpleCounter bytesIn = io.numBytesIn();
        WaitTimer idle = io.idle();
        long in = 0;
        try {
            while (!cancelled.getAsBoolean()) {
                BufferOrEvent next = gate.pollNext();
                if (next == null) {
                    if (gate.isFinished()) {
                        break;
                    }
                    for (RecordWriter<Object> w : writers) {
                        w.flushAll(); // nothing to read right now: send what is buffered before waiting
                    }
                    idle.start();
                    try {
                        next = gate.getNext();
                    } finally {
                        idle.stop();
                    }
                    if (next == null) {
                        break;
                    }
                }
                if (next == InputGate.WAKE_UP) {
                    checkpointer.onAttention(false);
                    continue;
                }
                if (!next.buffer().isData()) {
                    onEvent(next);
                    continue;
                }
                RecordDeserializer<Object> reader = deserializers[next.channelIndex()];
                bytesIn.inc(next.buffer().size());
                reader.setBuffer(next.buffer());
                Object record;
                while ((record = reader.next()) != null) {
                    in++;
                    head.processElement(record);
                }
                recordsIn.inc(in); // once per buffer: the metric moves while the task runs
                in = 0;
                if (checkpointer != null && checkpointer.needsAttention()) {
                    checkpointer.onAttention(false);
                }
            }
        } finally {
            recordsIn.inc(in); // the records of a buffer cut short by a failure
        }
    }

    /** A barrier or a channel's end (the gate hands those out only when the job checkpoints). */
    private void onEvent(BufferOrEvent event) throws Exception {
        Buffer b = event.buffer();
        int type = Events.typeOf(b);
        long checkpointId = type == Events.CHECKPOINT_BARRIER ? Events.barrierCheckpointId(b) : -1;
        long timestamp = type == Events.CHECKPOINT_BARRIER ? Events.barrierTimestamp(b) : 0;
        CheckpointOptions options = type == Events.CHECKPOINT_BARRIER
                ? TaskCheckpointer.optionsOf(Events.barrierKind(b), Events.barrierLocation(b))
                : null;
        b.recycle();
        if (checkpointer == null) {
            return;
        }
        if (type == Events.CHECKPOINT_BARRIER) {
            checkpointer.onBarrier(event.channelIndex(), checkpointId, timestamp, options);
        } else if (type == Events.END_OF_PARTITION) {
            checkpointer.onChannelEnd(event.channelIndex());
        }
    }

    /** Releases what the deserializers hold and closes the gate; in any outcome. */
    void close() {
        for (RecordDeserializer<Object> d : deserializers) {
            d.clear();
        }
        gate.close();
    }
}
