package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;
import java.util.Map;

/** Codecs of the types that hold no other types: primitives, their boxes, String, byte[], Void. */
final class Scalars {
    static final ValueCodec VOID = new ValueCodec() {
        @Override
        public void write(DataOutputView out, Object value) {}

        @Override
        public Object read(DataInputView in) {
            return null;
        }
    };

    private static final ValueCodec BOOLEAN =
            of(DataOutputView::writeBoolean, DataInputView::readBoolean, Boolean.class);
    private static final ValueCodec BYTE = of((o, v) -> o.writeByte(v), DataInputView::readByte, Byte.class);
    private static final ValueCodec SHORT = of((o, v) -> o.writeShort(v), DataInputView::readShort, Short.class);
    private static final ValueCodec CHAR = of((o, v) -> o.writeChar(v), DataInputView::readChar, Character.class);
    private static final ValueCodec INT = of(DataOutputView::writeInt, DataInputView::readInt, Integer.class);
    private static final ValueCodec LONG = of(DataOutputView::writeLong, DataInputView::readLong, Long.class);
    private static final ValueCodec FLOAT = of(DataOutputView::writeFloat, DataInputView::readFloat, Float.class);
    private static final ValueCodec DOUBLE = of(DataOutputView::writeDouble, DataInputView::readDouble, Double.class);

    private static final ValueCodec STRING = new ValueCodec() {
        @Override
        public void write(DataOutputView out, Object value) {
            out.writeString((String) value);
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            return in.readString();
        }
    };

    private static final ValueCodec BYTES = new ValueCodec() {
        @Override
        public void write(DataOutputView out, Object value) {
            byte[] b = (byte[]) value;
            out.writeVarInt(b.length);
            out.write(b);
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            byte[] b = new byte[WireCodec.readCount(in)];
            in.readFully(b);
            return b;
        }
    };

    private static final Map<Class<?>, ValueCodec> PRIMITIVES = Map.of(
            boolean.class,
            BOOLEAN,
            byte.class,
            BYTE,
            short.class,
            SHORT,
            char.class,
            CHAR,
            int.class,
            INT,
            long.class,
            LONG,
            float.class,
            FLOAT,
            double.class,
            DOUBLE);

    private static final Map<Class<?>, ValueCodec> BOXED_AND_BASIC = Map.of(
            Boolean.class,
            BOOLEAN,
            Byte.class,
            BYTE,
            Short.class,
            SHORT,
            Character.class,
            CHAR,
            Integer.class,
            INT,
            Long.class,
            LONG,
            Float.class,
            FLOAT,
            Double.class,
            DOUBLE,
            String.class,
            STRING,
            byte[].class,
            BYTES);

    private Scalars() {}

    /** The codec of a primitive type; {@code void} reads and writes nothing. */
    static ValueCodec primitive(Class<?> c) {
        return c == void.class ? VOID : PRIMITIVES.get(c);
    }

    /** The codec of a box, String or byte[] (without null flag), or null for any other class. */
    static ValueCodec boxedOrBasic(Class<?> c) {
        return BOXED_AND_BASIC.get(c);
    }

    private interface Writer<T> {
        void write(DataOutputView out, T value);
    }

    private interface Reader<T> {
        T read(DataInputView in) throws IOException;
    }

    private static <T> ValueCodec of(Writer<T> writer, Reader<T> reader, Class<T> box) {
        return new ValueCodec() {
            @Override
            public void write(DataOutputView out, Object value) {
                writer.write(out, box.cast(value));
            }

            @Override
            public Object read(DataInputView in) throws IOException {
                return reader.read(in);
            }
        };
    }
}
