package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the elements of a collection, in order, from a single task.
 *
 * <p>Its operator state is the index of the next element to emit (see {@link AbstractSource} for
 * the encoding: one long); a restored source resumes at exactly that element.
 */
public final class CollectionSource<T> extends AbstractSource<T> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<T> elements;

    /** The index of the next element to emit; set to r's index while r is being emitted. */
    private transient int next;

    public CollectionSource(List<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public void open(OperatorContext context, Output<T> output) throws Exception {
        super.open(context, output);
        next = 0;
        byte[] restored = context.restoredOperatorState();
        if (restored != null) {
            long position = decodePosition(restored, 1, "collection source")[0];
            if (position < 0 || position > elements.size()) {
                throw new IllegalStateException("the restored position " + position
                        + " of the collection source is outside its " + elements.size() + " elements");
            }
            next = (int) position;
        }
    }

    @Override
    public void run() {
        while (next < elements.size()) {
            if (cancelled) {
                return;
            }
            int i = next;
            output.collect(elements.get(i));
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
        return false;
    }
}
