package dev.spindle.network;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The events that travel in an exchange between data buffers, encoded as EVENT buffers: an int
 * type, then the event's fields: end of partition (the type alone), and checkpoint barriers (the
 * type, the checkpoint id as a long, the trigger timestamp as a long, a byte for the kind of
 * checkpoint (0 a checkpoint, 1 a savepoint, 2 a savepoint that stops the job, 3 one that stops it
 * after draining), and for savepoints the directory its state files go to, as an int length and
 * UTF-8), so that a task that sees the barrier before the coordinator's trigger knows what it is
 * taking.
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
        return checkpointBarrier(checkpointId, timestamp, 0, null);
    }

    /**
     * A barrier with the kind of checkpoint (see the class comment) and, for a savepoint, its
     * directory.
     */
    public static Buffer checkpointBarrier(long checkpointId, long timestamp, int kind, String location) {
        byte[] path = location == null ? new byte[0] : location.getBytes(StandardCharsets.UTF_8);
        return Buffer.event(ByteBuffer.allocate(25 + 4 + path.length)
                .putInt(CHECKPOINT_BARRIER)
                .putLong(checkpointId)
                .putLong(timestamp)
                .put((byte) kind)
                .putInt(location == null ? -1 : path.length)
                .put(path)
                .array());
    }

    /** The kind of checkpoint of a barrier event (see the class comment). */
    public static int barrierKind(Buffer barrier) {
        return barrier.size() > 20 ? barrier.data()[20] : 0;
    }

    /** The savepoint directory of a barrier event, or null for a checkpoint. */
    public static String barrierLocation(Buffer barrier) {
        if (barrier.size() <= 21) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(barrier.data(), 0, barrier.size());
        int length = b.getInt(21);
        return length < 0 ? null : new String(barrier.data(), 25, length, StandardCharsets.UTF_8);
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
