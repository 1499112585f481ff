package dev.spindle.network;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.WaitTimer;
import dev.spindle.types.DataOutputView;
import dev.spindle.types.TypeSerializer;
import java.util.Objects;

/**
 * Serializes the records of one task output into the buffers of its {@link ResultPartition}.
 *
 * <p>Format in a data buffer: records back to back, each a 4-byte big-endian length and the
 * serialized bytes. A record's bytes may continue in the next buffer of the same subpartition;
 * its length never does (a buffer with fewer than 4 free bytes is sent as it is).
 *
 * <p>Threading: used by the task thread only, except {@link #requestFlush}, which a timer calls
 * so that partly filled buffers do not wait longer than the buffer timeout.
 */
public final class RecordWriter<T> {
    private final ResultPartition partition;
    private final ChannelSelector<T> selector;
    private final TypeSerializer<T> serializer;
    private final DataOutputView scratch = new DataOutputView(256);
    private final Buffer[] open;
    private final boolean flushEveryRecord;
    private final Counter bytesOut;
    private final WaitTimer backPressured;
    private volatile boolean flushRequested;

    public RecordWriter(
            ResultPartition partition,
            ChannelSelector<T> selector,
            TypeSerializer<T> serializer,
            boolean flushEveryRecord) {
        this(partition, selector, serializer, flushEveryRecord, new SimpleCounter(), new WaitTimer());
    }

    /**
     * A writer that counts the bytes of each buffer it sends into {@code bytesOut} and times its
     * waits for a free buffer (back-pressure) with {@code backPressured}.
     */
    public RecordWriter(
            ResultPartition partition,
            ChannelSelector<T> selector,
            TypeSerializer<T> serializer,
            boolean flushEveryRecord,
            Counter bytesOut,
            WaitTimer backPressured) {
        this.bytesOut = Objects.requireNonNull(bytesOut, "bytesOut");
        this.backPressured = Objects.requireNonNull(backPressured, "backPressured");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.open = new Buffer[partition.numSubpartitions()];
        this.flushEveryRecord = flushEveryRecord;
    }

    public void emit(T record) throws Exception {
        if (record == null) {
            throw new NullPointerException("a function emitted null; records must not be null");
        }
        scratch.clear();
        serializer.serialize(record, scratch);
        int channel = selector.select(record);
        if (channel == ChannelSelector.ALL) {
            for (int c = 0; c < open.length; c++) {
                copy(c);
            }
        } else {
            copy(channel);
        }
        if (flushEveryRecord || flushRequested) {
            flushRequested = false;
            flushAll();
        }
    }

    private void copy(int channel) throws InterruptedException {
        byte[] bytes = scratch.sharedBuffer();
        int len = scratch.length();
        Buffer b = open[channel];
        if (b == null || b.capacity() - b.size() < 4) {
            if (b != null) {
                ship(channel);
            }
            b = open[channel] = requestBuffer();
        }
        byte[] d = b.data();
        int pos = b.size();
        d[pos] = (byte) (len >>> 24);
        d[pos + 1] = (byte) (len >>> 16);
        d[pos + 2] = (byte) (len >>> 8);
        d[pos + 3] = (byte) len;
        b.setSize(pos + 4);
        int off = 0;
        while (off < len) {
            int space = b.capacity() - b.size();
            if (space == 0) {
                ship(channel);
                b = open[channel] = requestBuffer();
                space = b.capacity();
            }
            int n = Math.min(space, len - off);
            System.arraycopy(bytes, off, b.data(), b.size(), n);
            b.setSize(b.size() + n);
            off += n;
        }
    }

    /** A free buffer; only a wait for one (all in use: back-pressure) is timed. */
    private Buffer requestBuffer() throws InterruptedException {
        Buffer b = partition.tryRequestBuffer();
        if (b != null) {
            return b;
        }
        backPressured.start();
        try {
            return partition.requestBuffer();
        } finally {
            backPressured.stop();
        }
    }

    private void ship(int channel) {
        Buffer b = open[channel];
        open[channel] = null;
        bytesOut.inc(b.size());
        partition.emit(b, channel);
    }

    /** Sends every partly filled buffer now. */
    public void flushAll() {
        for (int c = 0; c < open.length; c++) {
            if (open[c] != null && open[c].size() > 0) {
                ship(c);
            }
        }
    }

    /** The share of its partition's buffers in use (0..1); for metrics, from any thread. */
    public double bufferPoolUsage() {
        BufferPool pool = partition.pool();
        return (double) pool.buffersInUse() / pool.maxBuffers();
    }

    /** Asks the writer to flush with its next record; safe from any thread. */
    public void requestFlush() {
        flushRequested = true;
    }

    /**
     * Sends what is buffered, then {@code event} to every consumer: records emitted before the
     * event reach each consumer before it. Events take no buffer from the pool, so this never
     * waits for consumers.
     */
    public void broadcastEvent(java.util.function.Supplier<Buffer> event) {
        flushAll();
        for (int c = 0; c < open.length; c++) {
            partition.emit(event.get(), c);
        }
    }

    /** Sends what is buffered, then end of partition to every consumer. */
    public void finish() {
        flushAll();
        partition.finish();
    }

    /** Returns open buffers to the pool without sending them (the task failed or was cancelled). */
    public void discard() {
        for (int c = 0; c < open.length; c++) {
            if (open[c] != null) {
                open[c].recycle();
                open[c] = null;
            }
        }
    }
}
