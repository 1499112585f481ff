package dev.spindle.api.sources;

/** Emits the longs {@code from..to} (inclusive), each subtask a contiguous share. */
public final class SequenceSource extends AbstractSource<Long> {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

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
    public void run() {
        long[] share = share(to - from + 1, context.subtaskIndex(), context.parallelism());
        long end = from + share[1];
        for (long i = from + share[0]; i < end; i++) {
            if ((i & 1023) == 0 && cancelled) {
                return;
            }
            output.collect(i);
        }
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
