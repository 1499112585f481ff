package dev.spindle.network;

import java.nio.ByteBuffer;

/**
 * The events that travel in an exchange between data buffers, encoded as EVENT buffers: an int
 * type, then the event's fields. End of partition now; checkpoint barriers come later.
 */
public final class Events {
    public static final int END_OF_PARTITION = 1;

    private Events() {}

    public static Buffer endOfPartition() {
        return Buffer.event(ByteBuffer.allocate(4).putInt(END_OF_PARTITION).array());
    }

    /** The type of an EVENT buffer. */
    public static int typeOf(Buffer event) {
        if (event.isData() || event.size() < 4) {
            throw new IllegalArgumentException("not an event buffer");
        }
        return ByteBuffer.wrap(event.data(), 0, event.size()).getInt();
    }
}
