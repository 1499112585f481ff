package dev.spindle.network;

import java.nio.ByteBuffer;

/**
 * The events that travel in an exchange between data buffers, encoded as EVENT buffers: an int
 * type, then the event's fields: end of partition (the type alone), and checkpoint barriers (the
 * type, the checkpoint id as a long, the trigger timestamp as a long).
 */
public final class Events {
    public static final int END_OF_PARTITION = 1;
    public static final int CHECKPOINT_BARRIER = 2;

    private Events() {}

    public static Buffer endOfPartition() {
        return Buffer.event(ByteBuffer.allocate(4).putInt(END_OF_PARTITION).array());
    }

    /** The barrier of checkpoint {@code checkpointId}, which the coordinator triggered at {@code timestamp}. */
    public static Buffer checkpointBarrier(long checkpointId, long timestamp) {
        return Buffer.event(ByteBuffer.allocate(20)
                .putInt(CHECKPOINT_BARRIER)
                .putLong(checkpointId)
                .putLong(timestamp)
                .array());
    }

    /** The checkpoint id of a barrier event. */
    public static long barrierCheckpointId(Buffer barrier) {
        return ByteBuffer.wrap(barrier.data(), 0, barrier.size()).getLong(4);
    }

    /** The trigger timestamp of a barrier event. */
    public static long barrierTimestamp(Buffer barrier) {
        return ByteBuffer.wrap(barrier.data(), 0, barrier.size()).getLong(12);
    }

    /** The type of an EVENT buffer. */
    public static int typeOf(Buffer event) {
        if (event.isData() || event.size() < 4) {
            throw new IllegalArgumentException("not an event buffer");
        }
        return ByteBuffer.wrap(event.data(), 0, event.size()).getInt();
    }
}
