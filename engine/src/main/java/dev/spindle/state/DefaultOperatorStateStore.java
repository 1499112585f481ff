package dev.spindle.state;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.OperatorStateStore;
import dev.spindle.state.OperatorStateSnapshot.Distribution;
import dev.spindle.state.OperatorStateSnapshot.NamedList;
import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import dev.spindle.types.TypeSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link OperatorStateStore} of one operator instance: lists on the heap, snapshotted
 * synchronously (operator state is small: positions, file names). Restored lists are decoded when
 * the operator registers them, since only then is the element type known; restored lists that the
 * operator never registers are kept, as they were, in its next snapshots.
 */
public final class DefaultOperatorStateStore implements OperatorStateStore {
    private final ClassLoader userClassLoader;
    private final Map<String, HeapOperatorList<?>> lists = new LinkedHashMap<>();
    private final Map<String, NamedList> restored;

    /**
     * @param restored what this instance was assigned from a checkpoint, or null on a fresh start
     */
    public DefaultOperatorStateStore(ClassLoader userClassLoader, OperatorStateSnapshot restored) {
        this.userClassLoader = Objects.requireNonNull(userClassLoader, "userClassLoader");
        this.restored = new LinkedHashMap<>(restored == null ? Map.of() : restored.lists());
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return list(descriptor, Distribution.SPLIT);
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        return list(descriptor, Distribution.UNION);
    }

    @SuppressWarnings("unchecked") // a name is registered with one element type per operator
    private <T> ListState<T> list(ListStateDescriptor<T> descriptor, Distribution distribution) {
        String name = descriptor.name();
        if (descriptor.ttlConfig() != null) {
            throw new IllegalStateException("operator state '" + name + "' has a time-to-live, which only keyed state "
                    + "can have; drop enableTimeToLive from its descriptor, or keep the data in keyed state");
        }
        HeapOperatorList<?> existing = lists.get(name);
        if (existing != null) {
            checkDistribution(name, existing.distribution, distribution, "is already registered as");
            return (ListState<T>) existing;
        }
        TypeSerializer<T> serializer = descriptor.elementType().createSerializer(userClassLoader);
        HeapOperatorList<T> list = new HeapOperatorList<>(distribution, serializer);
        NamedList bytes = restored.remove(name);
        if (bytes != null) {
            checkDistribution(name, bytes.distribution(), distribution, "was restored as");
            DataInputView in = new DataInputView();
            for (byte[] element : bytes.elements()) {
                in.setBuffer(element, 0, element.length);
                try {
                    list.elements.add(serializer.deserialize(in));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException(
                            "cannot restore operator state '" + name + "': " + e.getMessage()
                                    + "; is its element type the same as in the job that wrote the checkpoint?",
                            e);
                }
            }
        }
        lists.put(name, list);
        return list;
    }

    private static void checkDistribution(String name, Distribution existing, Distribution requested, String how) {
        if (existing != requested) {
            throw new IllegalStateException("operator state '" + name + "' " + how + " a " + describe(existing)
                    + " and cannot be used as a " + describe(requested) + "; use another name");
        }
    }

    private static String describe(Distribution d) {
        return d == Distribution.UNION ? "union list (getUnionListState)" : "split list (getListState)";
    }

    /** The lists as they are now, elements serialized; empty lists are kept (an operator may rely on them). */
    public OperatorStateSnapshot snapshot() throws IOException {
        if (lists.isEmpty() && restored.isEmpty()) {
            return OperatorStateSnapshot.EMPTY;
        }
        Map<String, NamedList> result = new LinkedHashMap<>();
        DataOutputView out = new DataOutputView(256);
        for (Map.Entry<String, HeapOperatorList<?>> e : lists.entrySet()) {
            result.put(e.getKey(), e.getValue().snapshot(out));
        }
        result.putAll(restored);
        return new OperatorStateSnapshot(result);
    }

    /** One list of operator state; elements kept by reference. */
    private static final class HeapOperatorList<T> implements ListState<T> {
        final Distribution distribution;
        final TypeSerializer<T> serializer;
        final List<T> elements = new ArrayList<>();

        HeapOperatorList(Distribution distribution, TypeSerializer<T> serializer) {
            this.distribution = distribution;
            this.serializer = serializer;
        }

        @Override
        public Iterable<T> get() {
            return Collections.unmodifiableList(elements);
        }

        @Override
        public void add(T value) {
            elements.add(Objects.requireNonNull(value, "null cannot be added to a ListState"));
        }

        @Override
        public void addAll(List<T> values) {
            for (T v : values) {
                Objects.requireNonNull(v, "null cannot be added to a ListState");
            }
            elements.addAll(values);
        }

        @Override
        public void update(List<T> values) {
            for (T v : values) {
                Objects.requireNonNull(v, "null cannot be added to a ListState");
            }
            elements.clear();
            elements.addAll(values);
        }

        @Override
        public void clear() {
            elements.clear();
        }

        NamedList snapshot(DataOutputView out) throws IOException {
            List<byte[]> bytes = new ArrayList<>(elements.size());
            for (T element : elements) {
                out.clear();
                serializer.serialize(element, out);
                bytes.add(out.toByteArray());
            }
            return new NamedList(distribution, bytes);
        }
    }
}
