package dev.spindle.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator state of one operator instance in a checkpoint: its named lists, each element
 * serialized on its own so that lists can be redistributed ({@link OperatorStateRedistribution})
 * without knowing the element types.
 *
 * <p>Bytes (version 1, big-endian): int 1; int number of lists; per list: the name (modified
 * UTF-8, as {@link DataOutputStream#writeUTF}), byte distribution (0 split, 1 union), int number of
 * elements, per element int length and its bytes.
 *
 * @param lists by name, in the order the operator registered them
 */
public record OperatorStateSnapshot(Map<String, NamedList> lists) {
    public static final OperatorStateSnapshot EMPTY = new OperatorStateSnapshot(Map.of());
    static final int VERSION = 1;

    /** How a list is redistributed at another parallelism; see {@link dev.spindle.api.state.OperatorStateStore}. */
    public enum Distribution {
        SPLIT,
        UNION
    }

    /** One list: how it is redistributed, and its elements. */
    public record NamedList(Distribution distribution, List<byte[]> elements) {
        public NamedList {
            Objects.requireNonNull(distribution, "distribution");
            elements = List.copyOf(elements);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof NamedList other)
                    || distribution != other.distribution
                    || elements.size() != other.elements.size()) {
                return false;
            }
            for (int i = 0; i < elements.size(); i++) {
                if (!Arrays.equals(elements.get(i), other.elements.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = distribution.hashCode();
            for (byte[] e : elements) {
                h = 31 * h + Arrays.hashCode(e);
            }
            return h;
        }

        @Override
        public String toString() {
            return distribution + " list of " + elements.size() + " elements";
        }
    }

    public OperatorStateSnapshot {
        lists = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    public boolean isEmpty() {
        return lists.isEmpty();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(lists.size());
            for (Map.Entry<String, NamedList> e : lists.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(e.getValue().distribution().ordinal());
                out.writeInt(e.getValue().elements().size());
                for (byte[] element : e.getValue().elements()) {
                    out.writeInt(element.length);
                    out.write(element);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes} wrote.
     *
     * @throws IOException when the bytes are truncated, too long, or of another version
     */
    public static OperatorStateSnapshot fromBytes(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("operator state of version " + version + ", this Spindle reads " + VERSION);
            }
            int count = readCount(in, data.length);
            Map<String, NamedList> lists = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int code = in.readByte();
                if (code < 0 || code >= Distribution.values().length) {
                    throw new IOException("operator state list '" + name + "' has an unknown distribution " + code);
                }
                int n = readCount(in, data.length);
                List<byte[]> elements = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    byte[] element = new byte[readCount(in, data.length)];
                    in.readFully(element);
                    elements.add(element);
                }
                lists.put(name, new NamedList(Distribution.values()[code], elements));
            }
            if (in.available() != 0) {
                throw new IOException("operator state has " + in.available() + " bytes after its end");
            }
            return new OperatorStateSnapshot(lists);
        } catch (EOFException e) {
            throw new IOException("operator state is truncated", e);
        }
    }

    private static int readCount(DataInputStream in, int bound) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > bound) {
            throw new IOException("corrupt operator state: count " + n);
        }
        return n;
    }
}
