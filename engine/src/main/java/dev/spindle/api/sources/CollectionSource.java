package dev.spindle.api.sources;

import java.util.ArrayList;
import java.util.List;

/** Emits the elements of a collection, in order, from a single task. */
public final class CollectionSource<T> extends AbstractSource<T> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<T> elements;

    public CollectionSource(List<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public void run() {
        for (T e : elements) {
            if (cancelled) {
                return;
            }
            output.collect(e);
        }
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
