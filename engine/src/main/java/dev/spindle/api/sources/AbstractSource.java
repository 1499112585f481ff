package dev.spindle.api.sources;

import dev.spindle.api.operators.AbstractOperator;
import dev.spindle.api.operators.SourceOperator;
import java.nio.ByteBuffer;

/**
 * Keeps the cancellation flag that {@link #run} loops check, and encodes source positions.
 *
 * <p>A source's position is its operator state ({@link #snapshotState}): version 1 is the int
 * {@code 1} followed by a fixed number of big-endian longs, their meaning given by each source.
 * The runtime may snapshot a source inside {@code output.collect(r)} before r is forwarded, so a
 * source sets its position to "r is next" before it emits r and advances it after {@code collect}
 * returns; restoring that position emits r first.
 */
public abstract class AbstractSource<T> extends AbstractOperator<T> implements SourceOperator<T> {
    private static final long serialVersionUID = 1L;

    protected transient volatile boolean cancelled;

    @Override
    public void cancel() {
        cancelled = true;
    }

    static final int POSITION_VERSION = 1;

    /** The versioned encoding of a source's position (see the class comment). */
    static byte[] encodePosition(long... values) {
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES + Long.BYTES * values.length);
        b.putInt(POSITION_VERSION);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** The {@code count} longs of a position written by {@link #encodePosition}. */
    static long[] decodePosition(byte[] state, int count, String source) {
        if (state.length != Integer.BYTES + Long.BYTES * count) {
            throw new IllegalStateException("the restored position of the " + source + " has " + state.length
                    + " bytes, not " + (Integer.BYTES + Long.BYTES * count) + "; was it written by another source?");
        }
        ByteBuffer b = ByteBuffer.wrap(state);
        int version = b.getInt();
        if (version != POSITION_VERSION) {
            throw new IllegalStateException(
                    "the restored position of the " + source + " has version " + version + ", not " + POSITION_VERSION);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = b.getLong();
        }
        return values;
    }

    /** The share {@code [start, end)} of {@code count} items that subtask {@code index} of {@code parallelism} takes. */
    static long[] share(long count, int index, int parallelism) {
        long base = count / parallelism;
        long extra = count % parallelism;
        long start = index * base + Math.min(index, extra);
        long size = base + (index < extra ? 1 : 0);
        return new long[] {start, start + size};
    }
}
