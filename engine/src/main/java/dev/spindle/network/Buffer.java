package dev.spindle.network;

/**
 * A chunk of an exchange's byte stream: serialized records (DATA) or one event (EVENT). Data
 * buffers come from a {@link BufferPool} and must be recycled once read, which is what bounds
 * the memory of an exchange and makes a slow consumer slow its producer down.
 */
public final class Buffer {
    /** What a buffer carries. */
    public enum Kind {
        DATA,
        EVENT
    }

    private final byte[] data;
    private final Kind kind;
    private final BufferPool owner;
    private int size;

    Buffer(byte[] data, Kind kind, BufferPool owner) {
        this.data = data;
        this.kind = kind;
        this.owner = owner;
    }

    /** An event buffer that belongs to no pool. */
    public static Buffer event(byte[] bytes) {
        Buffer b = new Buffer(bytes, Kind.EVENT, null);
        b.size = bytes.length;
        return b;
    }

    public byte[] data() {
        return data;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isData() {
        return kind == Kind.DATA;
    }

    /** Valid bytes: {@code [0, size())}. */
    public int size() {
        return size;
    }

    public void setSize(int size) {
        if (size < 0 || size > data.length) {
            throw new IllegalArgumentException("size " + size + " outside [0, " + data.length + "]");
        }
        this.size = size;
    }

    public int capacity() {
        return data.length;
    }

    /** Returns a pooled buffer to its pool; a no-op for event buffers. Call once. */
    public void recycle() {
        if (owner != null) {
            size = 0;
            owner.recycle(this);
        }
    }
}
