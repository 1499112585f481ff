package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.bytesOf;
import static dev.spindle.types.SerializerTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple2;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSerializerTest {

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    record Point(int x, int y) {}

    record Mixed(
            String name,
            long count,
            int small,
            double ratio,
            boolean flag,
            Long boxedLong,
            Integer boxedInt,
            Double boxedDouble,
            Boolean boxedFlag,
            List<String> tags,
            Color color,
            Point point,
            Object anything,
            Tuple2<String, Long> pair) {}

    record Blob(byte[] data, String label) {}

    record Wide(
            String a,
            String b,
            String c,
            String d,
            String e,
            String f,
            String g,
            String h,
            String i,
            String j,
            long k) {}

    record Empty() {}

    record WordCount(String word, long count) {}

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("not positive: " + value);
            }
        }
    }

    private record Secret(String text, long number) {}

    @Test
    void mixedComponentTypesRoundTrip() throws IOException {
        Mixed value = new Mixed(
                "naïve ☃",
                Long.MIN_VALUE,
                -7,
                3.5,
                true,
                42L,
                Integer.MAX_VALUE,
                -0.5,
                false,
                List.of("a", "b"),
                Color.BLUE,
                new Point(1, -1),
                Map.of("k", 1),
                Tuple2.of("x", 9L));
        assertEquals(value, roundTrip(Types.record(Mixed.class), value));
    }

    @Test
    void nullReferenceComponentsRoundTrip() throws IOException {
        Mixed value = new Mixed(null, 0, 0, 0.0, false, null, null, null, null, null, null, null, null, null);
        assertEquals(value, roundTrip(Types.record(Mixed.class), value));
    }

    @Test
    void byteArrayComponentsRoundTrip() throws IOException {
        Blob copy = roundTrip(Types.record(Blob.class), new Blob(new byte[] {1, 2, 3}, "three"));
        assertArrayEquals(new byte[] {1, 2, 3}, copy.data());
        assertEquals("three", copy.label());
        Blob empty = roundTrip(Types.record(Blob.class), new Blob(null, null));
        assertNull(empty.data());
        assertNull(empty.label());
    }

    @Test
    void moreThanEightNullableComponentsUseAWiderNullMask() throws IOException {
        Wide value = new Wide("a", null, "c", null, "e", "f", null, "h", null, "j", 11);
        assertEquals(value, roundTrip(Types.record(Wide.class), value));
        Wide allNull = new Wide(null, null, null, null, null, null, null, null, null, null, -1);
        assertEquals(allNull, roundTrip(Types.record(Wide.class), allNull));
    }

    @Test
    void emptyAndNonPublicRecordsRoundTrip() throws IOException {
        assertEquals(new Empty(), roundTrip(Types.record(Empty.class), new Empty()));
        assertEquals(
                0, bytesOf(Types.record(Empty.class).createSerializer(SerializerTesting.LOADER), new Empty()).length);
        assertEquals(new Secret("s", 5), roundTrip(Types.record(Secret.class), new Secret("s", 5)));
    }

    @Test
    void layoutIsCompact() throws IOException {
        // null mask (1) + var-int length (1) + "hello" (5) + zig-zag 3 (1)
        byte[] bytes = bytesOf(
                Types.record(WordCount.class).createSerializer(SerializerTesting.LOADER), new WordCount("hello", 3));
        assertEquals(8, bytes.length);
    }

    @Test
    void constructorRejectingStreamValuesGivesIOException() throws IOException {
        DataOutputView out = new DataOutputView(16);
        IntSerializer.write(-1, out);
        TypeSerializer<Positive> serializer = Types.record(Positive.class).createSerializer(SerializerTesting.LOADER);
        IOException e =
                assertThrows(IOException.class, () -> serializer.deserialize(new DataInputView(out.toByteArray())));
        assertTrue(e.getMessage().contains(Positive.class.getName()), e.getMessage());
    }

    @Test
    void nullRecordIsRejected() {
        TypeSerializer<Point> serializer = Types.record(Point.class).createSerializer(SerializerTesting.LOADER);
        assertThrows(NullPointerException.class, () -> serializer.serialize(null, new DataOutputView(16)));
    }

    @Test
    void duplicateGivesAnIndependentInstance() throws IOException {
        TypeSerializer<WordCount> serializer = Types.record(WordCount.class).createSerializer(SerializerTesting.LOADER);
        TypeSerializer<WordCount> copy = serializer.duplicate();
        assertNotSame(serializer, copy);
        assertEquals(new WordCount("w", 1), roundTrip(copy, new WordCount("w", 1)));
    }

    @Test
    void forClassPicksTheRecordType() {
        assertEquals(Types.record(Point.class), Types.forClass(Point.class));
        assertEquals("Point", Types.forClass(Point.class).displayName());
        assertSame(Types.GENERIC, Types.forClass(Color.class));
    }
}
