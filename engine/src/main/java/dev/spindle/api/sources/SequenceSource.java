package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import dev.spindle.api.state.ListState;
import java.util.ArrayDeque;

/**
 * Emits the longs {@code from..to} (inclusive), each subtask a contiguous share.
 *
 * <p>Its operator state is the ranges it has still to emit (see {@link AbstractSource}: two
 * longs, the offsets from {@code from} of the next value and of the range's end); a restored
 * subtask resumes at exactly the next value, and one restored with nothing left emits nothing.
 */
public final class SequenceSource extends AbstractSource<Long> {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

    /** The next value to emit; set to r while r is being emitted. */
    private transient long next;

    private transient long end;
    /** The ranges after the current one, as offsets from {@code from}. */
    private transient ArrayDeque<long[]> rest;

    private transient ListState<byte[]> state;

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
        state = context.operatorStateStore().getListState(SPLITS);
        rest = openRanges(context, state, to - from + 1, "sequence source");
        nextRange();
    }

    /** Makes the first of {@link #rest} current; false when none is left. */
    private boolean nextRange() {
        long[] r = rest.poll();
        if (r == null) {
            next = end = from;
            return false;
        }
        next = from + r[0];
        end = from + r[1];
        return true;
    }

    @Override
    public void run() {
        do {
            while (next < end) {
                long i = next;
                if ((i & 1023) == 0 && cancelled) {
                    return;
                }
                output.collect(i);
                next = i + 1;
            }
        } while (!cancelled && nextRange());
    }

    @Override
    public void snapshotState(long checkpointId) {
        storeRanges(state, next - from, end - from, rest, pieces(context));
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
