package dev.spindle.api.sources;

import dev.spindle.api.operators.AbstractOperator;
import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.SourceOperator;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the cancellation flag that {@link #run} loops check, and encodes source positions.
 *
 * <p>A source's position is its operator state ({@link #snapshotState}): the split list {@code
 * splits} of its {@link dev.spindle.api.state.OperatorStateStore}, one element per piece of input
 * still to read, so that a job resumed at another parallelism hands the pieces to its new subtasks
 * (split redistribution: contiguous runs in subtask order). An element is the int {@code 1} (its
 * version) followed by a fixed number of big-endian longs, their meaning given by each source.
 * The runtime may snapshot a source inside {@code output.collect(r)} before r is forwarded, so a
 * source sets its position to "r is next" before it emits r and advances it after {@code collect}
 * returns; restoring that position emits r first.
 */
public abstract class AbstractSource<T> extends AbstractOperator<T> implements SourceOperator<T> {
    private static final long serialVersionUID = 1L;

    protected transient volatile boolean cancelled;

    @Override
    public boolean keepsOperatorState() {
        return true; // its position
    }

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

    /** The operator state list of a source's pieces of input (see the class comment). */
    static final ListStateDescriptor<byte[]> SPLITS = new ListStateDescriptor<>("splits", Types.BYTES);

    /**
     * The index ranges {@code {next, end}} a range source (sequence, generator, collection) reads:
     * restored from its split list, each checked to lie in {@code [0, count]}, or, on a fresh start,
     * the subtask's share of {@code count} indexes. A restored subtask may get several ranges (after
     * a scale-down) or none (after a scale-up).
     */
    static ArrayDeque<long[]> openRanges(OperatorContext context, ListState<byte[]> state, long count, String source) {
        ArrayDeque<long[]> ranges = new ArrayDeque<>();
        if (!context.isRestored()) {
            ranges.add(share(count, context.subtaskIndex(), context.parallelism()));
            return ranges;
        }
        for (byte[] element : state.get()) {
            long[] r = decodePosition(element, 2, source);
            if (r[0] < 0 || r[0] > r[1] || r[1] > count) {
                throw new IllegalStateException("the restored range [" + r[0] + ", " + r[1] + ") of the " + source
                        + " is not within its " + count + " elements; was the source changed?");
            }
            ranges.add(r);
        }
        return ranges;
    }

    /**
     * Stores the ranges still to read: {@code [next, end)} first, then {@code rest}; empty ones are
     * left out. What is left is cut into about {@code pieces} contiguous ranges (fewer when fewer
     * indexes are left), so that a job resumed at a higher parallelism has work for every new
     * subtask: a subtask without any would end its input at once, and a job with ended tasks takes
     * no savepoints.
     */
    static void storeRanges(ListState<byte[]> state, long next, long end, ArrayDeque<long[]> rest, int pieces) {
        List<long[]> left = new ArrayList<>(rest.size() + 1);
        if (next < end) {
            left.add(new long[] {next, end});
        }
        long total = end > next ? end - next : 0;
        for (long[] r : rest) {
            if (r[0] < r[1]) {
                left.add(r);
                total += r[1] - r[0];
            }
        }
        List<byte[]> elements = new ArrayList<>(Math.max(left.size(), pieces));
        for (long[] r : left) {
            long size = r[1] - r[0];
            // This range's share of the pieces, at least one, at most one per index.
            long k = Math.min(size, Math.max(1, Math.round((double) size * pieces / Math.max(1, total))));
            // Equal pieces, the first size % k one longer; no product that could overflow (an
            // unbounded generator's range spans almost all of long).
            long base = size / k;
            long extra = size % k;
            long from = r[0];
            for (long i = 0; i < k; i++) {
                long to = from + base + (i < extra ? 1 : 0);
                elements.add(encodePosition(from, to));
                from = to;
            }
        }
        state.update(elements);
    }

    /** How many pieces a range source cuts what it has left into: enough for every subtask up to the max parallelism. */
    static int pieces(OperatorContext context) {
        return Math.max(1, (context.maxParallelism() + context.parallelism() - 1) / context.parallelism());
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
