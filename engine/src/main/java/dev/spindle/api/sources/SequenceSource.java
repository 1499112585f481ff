package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;

/**
 * Emits the longs {@code from..to} (inclusive), each subtask a contiguous share.
 *
 * <p>Its operator state is the next value to emit (see {@link AbstractSource} for the encoding:
 * one long); a restored subtask resumes at exactly that value, and one restored after its share
 * was exhausted emits nothing.
 */
public final class SequenceSource extends AbstractSource<Long> {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

    /** The next value to emit; set to r while r is being emitted. */
    private transient long next;

    private transient long end;

    public SequenceSource(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("sequence end " + to + " is before its start " + from);
        }
        if (to - from == Long.MAX_VALUE) {
            throw new IllegalArgumentException("sequence too long");
        }
        this.from = from;
        this.to = to;
    }

    @Override
    public void open(OperatorContext context, Output<Long> output) throws Exception {
        super.open(context, output);
        long[] share = share(to - from + 1, context.subtaskIndex(), context.parallelism());
        next = from + share[0];
        end = from + share[1];
        byte[] restored = context.restoredOperatorState();
        if (restored != null) {
            long position = decodePosition(restored, 1, "sequence source")[0];
            if (position < next || position > end) {
                throw new IllegalStateException("the restored position " + position + " of the sequence source is "
                        + "outside this subtask's share [" + next + ", " + end + ")");
            }
            next = position;
        }
    }

    @Override
    public void run() {
        while (next < end) {
            long i = next;
            if ((i & 1023) == 0 && cancelled) {
                return;
            }
            output.collect(i);
            next = i + 1;
        }
    }

    @Override
    public byte[] snapshotState(long checkpointId) {
        return encodePosition(next);
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    @Override
    public boolean isParallel() {
        return true;
    }
}
