package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import dev.spindle.api.state.ListState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the elements of a collection, in order, from a single task.
 *
 * <p>Its operator state is the range of indexes it has still to emit (see {@link AbstractSource}:
 * two longs, the next index and the number of elements); a restored source resumes at exactly
 * that element.
 */
public final class CollectionSource<T> extends AbstractSource<T> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<T> elements;

    /** The index of the next element to emit; set to r's index while r is being emitted. */
    private transient int next;

    private transient int end;

    private transient ListState<byte[]> state;

    public CollectionSource(List<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public void open(OperatorContext context, Output<T> output) throws Exception {
        super.open(context, output);
        state = context.operatorStateStore().getListState(SPLITS);
        long[] range =
                openRanges(context, state, elements.size(), "collection source").poll();
        next = range == null ? 0 : (int) range[0];
        end = range == null ? 0 : (int) range[1];
    }

    @Override
    public void run() {
        while (next < end) {
            if (cancelled) {
                return;
            }
            int i = next;
            output.collect(elements.get(i));
            next = i + 1;
        }
    }

    @Override
    public void snapshotState(long checkpointId) {
        storeRanges(state, next, end, new ArrayDeque<>(), 1); // one subtask: never rescaled
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    @Override
    public boolean isParallel() {
        return false;
    }
}
