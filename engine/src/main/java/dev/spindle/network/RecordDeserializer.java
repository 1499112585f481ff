package dev.spindle.network;

import dev.spindle.types.DataInputView;
import dev.spindle.types.TypeSerializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads records back from the data buffers of one input channel, in the format of
 * {@link RecordWriter}, including records that continue in the next buffer. Recycles each buffer
 * once it is read. Used by the task thread only; one instance per channel.
 */
public final class RecordDeserializer<T> {
    /** Larger records are taken for corruption rather than allocated. */
    static final int MAX_RECORD_BYTES = 256 << 20;

    private final TypeSerializer<T> serializer;
    private final DataInputView view = new DataInputView();
    private Buffer current;
    private int pos;
    private byte[] spill = new byte[0];
    private int spillFilled;
    private int spillNeeded = -1;

    public RecordDeserializer(TypeSerializer<T> serializer) {
        this.serializer = serializer;
    }

    public void setBuffer(Buffer buffer) {
        if (current != null) {
            throw new IllegalStateException("previous buffer not fully read");
        }
        current = buffer;
        pos = 0;
    }

    /** The next record of the current buffer, or null once it is used up (and recycled). */
    public T next() throws IOException {
        if (current == null) {
            return null;
        }
        byte[] data = current.data();
        int size = current.size();
        if (spillNeeded >= 0) {
            int n = Math.min(spillNeeded - spillFilled, size - pos);
            System.arraycopy(data, pos, spill, spillFilled, n);
            pos += n;
            spillFilled += n;
            if (spillFilled < spillNeeded) {
                releaseCurrent();
                return null;
            }
            int len = spillNeeded;
            spillNeeded = -1;
            return read(spill, 0, len);
        }
        int remaining = size - pos;
        if (remaining == 0) {
            releaseCurrent();
            return null;
        }
        if (remaining < 4) {
            throw corrupt("a record length is cut off");
        }
        int len = ((data[pos] & 0xFF) << 24)
                | ((data[pos + 1] & 0xFF) << 16)
                | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        if (len < 0 || len > MAX_RECORD_BYTES) {
            throw corrupt("record length " + len);
        }
        if (remaining - 4 >= len) {
            int start = pos;
            pos += len;
            return read(data, start, len);
        }
        if (spill.length < len) {
            spill = Arrays.copyOf(spill, Math.max(len, spill.length * 2));
        }
        spillFilled = remaining - 4;
        System.arraycopy(data, pos, spill, 0, spillFilled);
        spillNeeded = len;
        releaseCurrent();
        return null;
    }

    private T read(byte[] bytes, int offset, int len) throws IOException {
        view.setBuffer(bytes, offset, len);
        T record = serializer.deserialize(view);
        if (view.available() != 0) {
            throw corrupt("record of " + len + " bytes, but its serializer read " + (len - view.available())
                    + "; do the two sides use the same record type?");
        }
        return record;
    }

    private IOException corrupt(String what) {
        releaseCurrent();
        return new IOException("corrupt record stream: " + what);
    }

    private void releaseCurrent() {
        if (current != null) {
            current.recycle();
            current = null;
        }
    }

    /** Recycles the current buffer, if any; for a task that stops early. */
    public void clear() {
        releaseCurrent();
        spillNeeded = -1;
    }
}
