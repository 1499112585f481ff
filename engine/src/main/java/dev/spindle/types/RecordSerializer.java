package dev.spindle.types;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serializes a Java record as its components in declaration order and rebuilds it through the
 * canonical constructor.
 *
 * <p>Each component is written by the serializer of its declared type: {@code long}, {@code int},
 * {@code double}, {@code boolean} without boxing; {@code String}, the boxed types and
 * {@code byte[]} through their basic serializers; anything else through {@link Types#GENERIC},
 * which writes a type tag per value. The basic-typed reference components ({@code String}, the
 * boxed types, {@code byte[]}) may be {@code null}: a bitmask in front of the components marks
 * the nulls. The record itself must not be {@code null}.
 *
 * <pre>
 * record = [mask] component*
 * mask   = ceil(m / 8) bytes, absent when m = 0, where m is the number of basic-typed reference
 *          components; the k-th of them (in declaration order, from 0) is null iff bit (k % 8)
 *          of byte (k / 8) is set, bit 0 being the least significant
 * component, in declaration order:
 *   long, int                 zig-zag var-long / var-int ({@link LongSerializer}, {@link IntSerializer})
 *   double                    8 bytes ({@link DoubleSerializer}); boolean: 1 byte
 *   basic reference type      nothing when null, else that type's basic serializer
 *   anything else             {@link GenericSerializer} (a tag byte, then the value)
 * </pre>
 *
 * <p>Stateful (scratch arrays reused across records), so {@link #duplicate()} returns a new
 * instance.
 */
final class RecordSerializer<R extends Record> extends TypeSerializer<R> {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final transient Class<R> type;
    private final transient ClassLoader userClassLoader;
    private final transient RecordAccess access;
    private final transient Component[] components;
    /** Component index of each reference component whose nulls the bitmask records. */
    private final transient int[] maskedComponents;

    private final transient byte[] mask;
    /** Values of the masked components, fetched once per record while building the mask. */
    private final transient Object[] maskedValues;
    /** Constructor arguments; the constructor copies them out, so the array is reused. */
    private final transient Object[] args;

    RecordSerializer(Class<R> type, ClassLoader userClassLoader) {
        this.className = type.getName();
        this.type = type;
        this.userClassLoader = userClassLoader;
        this.access = RecordAccess.of(type);
        int n = access.componentCount();
        this.components = new Component[n];
        List<Integer> masked = new ArrayList<>();
        GenericSerializer generic = null;
        for (int i = 0; i < n; i++) {
            Class<?> t = access.componentType(i);
            TypeSerializer<?> basic = basicReferenceSerializer(t);
            if (t == long.class) {
                components[i] = new LongComponent(access.exactGetter(i));
            } else if (t == int.class) {
                components[i] = new IntComponent(access.exactGetter(i));
            } else if (t == double.class) {
                components[i] = new DoubleComponent(access.exactGetter(i));
            } else if (t == boolean.class) {
                components[i] = new BooleanComponent(access.exactGetter(i));
            } else if (basic != null) {
                components[i] = new MaskedComponent(masked.size(), asObjectSerializer(basic));
                masked.add(i);
            } else {
                if (generic == null) {
                    generic = new GenericSerializer(userClassLoader);
                }
                components[i] = new GenericComponent(access, i, generic);
            }
        }
        this.maskedComponents = masked.stream().mapToInt(Integer::intValue).toArray();
        this.mask = new byte[(maskedComponents.length + 7) / 8];
        this.maskedValues = new Object[maskedComponents.length];
        this.args = new Object[n];
    }

    /** The basic serializer for a nullable reference component type, or null for none. */
    private static TypeSerializer<?> basicReferenceSerializer(Class<?> t) {
        if (t == String.class) {
            return StringSerializer.INSTANCE;
        } else if (t == Long.class) {
            return LongSerializer.INSTANCE;
        } else if (t == Integer.class) {
            return IntSerializer.INSTANCE;
        } else if (t == Double.class) {
            return DoubleSerializer.INSTANCE;
        } else if (t == Boolean.class) {
            return BooleanSerializer.INSTANCE;
        } else if (t == byte[].class) {
            return BytesSerializer.INSTANCE;
        }
        return null;
    }

    // The component's declared type guarantees the value's type; the serializer only sees values
    // read from that same component.
    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> asObjectSerializer(TypeSerializer<?> serializer) {
        return (TypeSerializer<Object>) serializer;
    }

    @Override
    public void serialize(R record, DataOutputView out) throws IOException {
        if (record == null) {
            throw SerializerChecks.nullNotSupported(type.getSimpleName());
        }
        if (mask.length > 0) {
            Arrays.fill(mask, (byte) 0);
            for (int k = 0; k < maskedComponents.length; k++) {
                Object value = access.get(record, maskedComponents[k]);
                maskedValues[k] = value;
                if (value == null) {
                    mask[k >>> 3] |= (byte) (1 << (k & 7));
                }
            }
            out.write(mask, 0, mask.length);
        }
        try {
            for (Component component : components) {
                component.write(record, maskedValues, out);
            }
        } finally {
            // Do not keep the last record's values reachable from a long-lived serializer.
            Arrays.fill(maskedValues, null);
        }
    }

    @Override
    public R deserialize(DataInputView in) throws IOException {
        if (mask.length > 0) {
            in.readFully(mask, 0, mask.length);
        }
        try {
            for (int i = 0; i < components.length; i++) {
                args[i] = components[i].read(mask, in);
            }
            return type.cast(access.construct(args));
        } finally {
            Arrays.fill(args, null);
        }
    }

    @Override
    public TypeSerializer<R> duplicate() {
        return new RecordSerializer<>(type, userClassLoader);
    }

    /** Rebuilt from the class name with the context class loader; the handles do not serialize. */
    private Object readResolve() throws InvalidObjectException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return new RecordSerializer<>(
                    Class.forName(className, false, loader).asSubclass(Record.class), loader);
        } catch (ClassNotFoundException | ClassCastException e) {
            InvalidObjectException ex =
                    new InvalidObjectException("cannot rebuild the serializer of record " + className);
            ex.initCause(e);
            throw ex;
        }
    }

    /** Writes and reads one component. */
    private abstract static class Component {
        /** @param maskedValues the values of the masked components of {@code record} */
        abstract void write(Object record, Object[] maskedValues, DataOutputView out) throws IOException;

        abstract Object read(byte[] mask, DataInputView in) throws IOException;
    }

    private static final class LongComponent extends Component {
        private final MethodHandle getter;

        LongComponent(MethodHandle getter) {
            this.getter = getter;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) {
            long value;
            try {
                value = (long) getter.invokeExact(record);
            } catch (Throwable t) {
                throw RecordAccess.rethrow(t);
            }
            LongSerializer.write(value, out);
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            return LongSerializer.read(in);
        }
    }

    private static final class IntComponent extends Component {
        private final MethodHandle getter;

        IntComponent(MethodHandle getter) {
            this.getter = getter;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) {
            int value;
            try {
                value = (int) getter.invokeExact(record);
            } catch (Throwable t) {
                throw RecordAccess.rethrow(t);
            }
            IntSerializer.write(value, out);
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            return IntSerializer.read(in);
        }
    }

    private static final class DoubleComponent extends Component {
        private final MethodHandle getter;

        DoubleComponent(MethodHandle getter) {
            this.getter = getter;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) {
            double value;
            try {
                value = (double) getter.invokeExact(record);
            } catch (Throwable t) {
                throw RecordAccess.rethrow(t);
            }
            out.writeDouble(value);
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            return in.readDouble();
        }
    }

    private static final class BooleanComponent extends Component {
        private final MethodHandle getter;

        BooleanComponent(MethodHandle getter) {
            this.getter = getter;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) {
            boolean value;
            try {
                value = (boolean) getter.invokeExact(record);
            } catch (Throwable t) {
                throw RecordAccess.rethrow(t);
            }
            out.writeBoolean(value);
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            return in.readBoolean();
        }
    }

    /** A basic-typed reference component; its null bit is {@code maskIndex} in the bitmask. */
    private static final class MaskedComponent extends Component {
        private final int maskIndex;
        private final TypeSerializer<Object> serializer;

        MaskedComponent(int maskIndex, TypeSerializer<Object> serializer) {
            this.maskIndex = maskIndex;
            this.serializer = serializer;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) throws IOException {
            Object value = maskedValues[maskIndex];
            if (value != null) {
                serializer.serialize(value, out);
            }
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            boolean isNull = (mask[maskIndex >>> 3] & (1 << (maskIndex & 7))) != 0;
            return isNull ? null : serializer.deserialize(in);
        }
    }

    /** A component of any other type, tagged by the generic serializer, which encodes null. */
    private static final class GenericComponent extends Component {
        private final RecordAccess access;
        private final int index;
        private final GenericSerializer generic;

        GenericComponent(RecordAccess access, int index, GenericSerializer generic) {
            this.access = access;
            this.index = index;
            this.generic = generic;
        }

        @Override
        void write(Object record, Object[] maskedValues, DataOutputView out) throws IOException {
            generic.serialize(access.get(record, index), out);
        }

        @Override
        Object read(byte[] mask, DataInputView in) throws IOException {
            return generic.deserialize(in);
        }
    }
}
