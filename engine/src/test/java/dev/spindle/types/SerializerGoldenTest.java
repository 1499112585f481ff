package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.LOADER;
import static dev.spindle.types.SerializerTesting.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import dev.spindle.api.tuple.Tuple4;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors: fixed values and their exact bytes, so that an accidental change of a wire
 * format fails here even where a round trip still succeeds. Every expected hex string was computed
 * without Spindle or Java, by {@code engine/src/test/python/golden_vectors.py}, from the formats
 * documented in the serializers' Javadoc (see there for each encoding). Never update a vector to
 * make a test pass: a changed vector means records, shuffled data and state written by one version
 * are unreadable by the other.
 */
class SerializerGoldenTest {

    enum Color {
        RED,
        GREEN
    }

    record Point(int x, String y) {}

    /** Three nullable basic components (name, count, data: mask bits 0, 1, 2) and one generic (tags). */
    record Reading(long id, String name, Integer count, double score, boolean flag, List<String> tags, byte[] data) {}

    /** Nine nullable components: a two-byte mask. */
    record Nine(String a, String b, String c, String d, String e, String f, String g, String h, String i) {}

    /** No nullable basic components: no mask. */
    record Plain(int x, long y) {}

    /** Its Java serialization stream follows from the serialization spec alone (one int field, fixed UID). */
    static final class Box implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int v;

        Box(int v) {
            this.v = v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box other && other.v == v;
        }

        @Override
        public int hashCode() {
            return v;
        }
    }

    /** Asserts that {@code value} is written as {@code hex} and that {@code hex} reads back as exactly it. */
    private static <T> void assertGolden(TypeSerializer<T> serializer, T value, String hex) throws IOException {
        assertEquals(hex, HexFormat.of().formatHex(bytesOf(serializer, value)), "bytes of " + value);
        Object read = read(serializer, hex);
        if (value instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) read);
        } else {
            assertEquals(value, read, "value of " + hex);
        }
    }

    /** Reads one value from {@code hex} and checks that nothing is left over. */
    private static <T> T read(TypeSerializer<T> serializer, String hex) throws IOException {
        DataInputView in = new DataInputView(HexFormat.of().parseHex(hex));
        T value = serializer.deserialize(in);
        assertEquals(0, in.available(), "bytes left after reading " + hex);
        return value;
    }

    @Test
    void longsAreZigZagVarLongs() throws IOException {
        TypeSerializer<Long> longs = Types.LONG.createSerializer(LOADER);
        assertGolden(longs, 0L, "00");
        assertGolden(longs, -1L, "01");
        assertGolden(longs, 1L, "02");
        assertGolden(longs, 63L, "7e");
        assertGolden(longs, -64L, "7f");
        assertGolden(longs, 64L, "8001");
        assertGolden(longs, 300L, "d804");
        assertGolden(longs, Long.MAX_VALUE, "feffffffffffffffff01");
        assertGolden(longs, Long.MIN_VALUE, "ffffffffffffffffff01");
    }

    @Test
    void intsAreZigZagVarInts() throws IOException {
        TypeSerializer<Integer> ints = Types.INT.createSerializer(LOADER);
        assertGolden(ints, 0, "00");
        assertGolden(ints, -1, "01");
        assertGolden(ints, 150, "ac02");
        assertGolden(ints, Integer.MAX_VALUE, "feffffff0f");
        assertGolden(ints, Integer.MIN_VALUE, "ffffffff0f");
    }

    @Test
    void doublesAreTheirBigEndianIeeeBits() throws IOException {
        TypeSerializer<Double> doubles = Types.DOUBLE.createSerializer(LOADER);
        assertGolden(doubles, 1.5, "3ff8000000000000");
        assertGolden(doubles, -0.0, "8000000000000000");
        assertGolden(doubles, Double.MIN_VALUE, "0000000000000001");
        assertGolden(doubles, Double.POSITIVE_INFINITY, "7ff0000000000000");
        // Every NaN is written as the canonical one.
        assertEquals(
                "7ff8000000000000",
                HexFormat.of().formatHex(bytesOf(doubles, Double.longBitsToDouble(0x7ff0000000000123L))));
        assertTrue(read(doubles, "7ff8000000000000").isNaN());
    }

    @Test
    void booleansAreOneByte() throws IOException {
        TypeSerializer<Boolean> booleans = Types.BOOLEAN.createSerializer(LOADER);
        assertGolden(booleans, true, "01");
        assertGolden(booleans, false, "00");
        assertEquals(true, read(booleans, "02"), "any non-zero byte reads as true");
    }

    @Test
    void stringsAreUtf8AfterAVarIntByteLength() throws IOException {
        TypeSerializer<String> strings = Types.STRING.createSerializer(LOADER);
        assertGolden(strings, "", "00");
        assertGolden(strings, "hi", "026869");
        assertGolden(strings, "Gr\u00fc\u00dfe", "074772c3bcc39f65");
        // A supplementary character is 4 bytes of standard UTF-8, not two 3-byte surrogates.
        assertGolden(strings, "\uD83D\uDE00", "04f09f9880");
        assertGolden(strings, "x".repeat(200), "c801" + "78".repeat(200));
        // Documented loss: an unpaired surrogate cannot be encoded and becomes '?'.
        assertEquals("02613f", HexFormat.of().formatHex(bytesOf(strings, "a\uD800")));
        assertEquals("a?", read(strings, "02613f"));
    }

    @Test
    void byteArraysAreAVarIntLengthAndTheBytes() throws IOException {
        TypeSerializer<byte[]> bytes = Types.BYTES.createSerializer(LOADER);
        assertGolden(bytes, new byte[0], "00");
        assertGolden(bytes, new byte[] {1, 2, (byte) 0xff}, "030102ff");
    }

    @Test
    void tuplesAreTheirFieldsInOrder() throws IOException {
        assertGolden(Types.tuple(Types.STRING, Types.LONG).createSerializer(LOADER), Tuple2.of("a", 5L), "01610a");
        TypeInfo<Tuple3<Integer, Object, Boolean>> mixed = Types.tuple(Types.INT, Types.GENERIC, Types.BOOLEAN);
        assertGolden(mixed.createSerializer(LOADER), Tuple3.of(-2, null, true), "030001");
    }

    @Test
    void recordsAreANullMaskAndTheirComponents() throws IOException {
        TypeSerializer<Reading> readings = Types.record(Reading.class).createSerializer(LOADER);
        // mask 01 (name null) | id 7 | count 3 | score 0.5 | flag | tags: generic null | data [09]
        Reading first = new Reading(7, null, 3, 0.5, true, null, new byte[] {9});
        assertEquals("010e063fe000000000000001000109", HexFormat.of().formatHex(bytesOf(readings, first)));
        Reading firstRead = read(readings, "010e063fe000000000000001000109");
        assertEquals(
                List.of(7L, 3, 0.5, true),
                List.of(firstRead.id(), firstRead.count(), firstRead.score(), firstRead.flag()));
        assertNull(firstRead.name());
        assertNull(firstRead.tags());
        assertArrayEquals(new byte[] {9}, firstRead.data());

        // mask 06 (count and data null) | id -1 | name "n" | score 0 | flag | tags: ArrayList ["t"]
        Reading second = new Reading(-1, "n", null, 0.0, false, new ArrayList<>(List.of("t")), null);
        assertGolden(readings, second, "0601016e0000000000000000000d01010174");

        // Bit k of the mask is bit k % 8 of byte k / 8, least significant first: a and i null.
        assertGolden(
                Types.record(Nine.class).createSerializer(LOADER),
                new Nine(null, "b", "c", "d", "e", "f", "g", "h", null),
                "01010162016301640165016601670168");
        assertGolden(Types.record(Plain.class).createSerializer(LOADER), new Plain(-3, 1000), "05d00f");
    }

    @Test
    void genericValuesAreATagAndTheirEncoding() throws IOException {
        TypeSerializer<Object> generic = Types.GENERIC.createSerializer(LOADER);
        assertGolden(generic, null, "00");
        assertGolden(generic, "hi", "01026869");
        assertGolden(generic, 5L, "020a");
        assertGolden(generic, -5, "0309");
        assertGolden(generic, 1.5, "043ff8000000000000");
        assertGolden(generic, false, "05");
        assertGolden(generic, true, "06");
        assertGolden(generic, new byte[] {1}, "070101");
        assertGolden(generic, Tuple2.of("a", null), "0801016100");
        assertGolden(generic, Tuple3.of(1, 2L, true), "090302020406");
        assertGolden(generic, Tuple4.of(null, null, null, ""), "0a0000000100");
        assertGolden(generic, 1.5f, "103fc00000");
        assertGolden(generic, (short) -2, "11fffe");
        assertGolden(generic, (byte) -1, "12ff");
        assertGolden(generic, '\u00e9', "1300e9");
    }

    @Test
    void genericRecordsEnumsAndCollectionsCarryTheirStructure() throws IOException {
        TypeSerializer<Object> generic = Types.GENERIC.createSerializer(LOADER);
        // A record: tag 0b, its class name as a string (2c = 44 bytes), then each component generic.
        assertGolden(
                generic,
                new Point(1, "z"),
                "0b2c6465762e7370696e646c652e74797065732e53657269616c697a6572476f6c64656e5465737424506f696e74030201017a");
        // An enum: tag 0c, its class name, the ordinal as a var-int.
        assertGolden(
                generic,
                Color.GREEN,
                "0c2c6465762e7370696e646c652e74797065732e53657269616c697a6572476f6c64656e5465737424436f6c6f7201");
        assertGolden(generic, new ArrayList<>(List.of("a", 1L)), "0d020101610202");
        assertGolden(generic, new HashMap<>(Map.of("k", 1)), "0e0101016b0302");
        Map<String, Boolean> linked = new LinkedHashMap<>();
        linked.put("b", true);
        linked.put("a", false);
        assertGolden(generic, linked, "0f020101620601016105");
        Object linkedRead = read(generic, "0f020101620601016105");
        assertEquals(LinkedHashMap.class, linkedRead.getClass());
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) linkedRead).keySet()), "insertion order kept");
    }

    @Test
    void otherSerializablesAreAJavaSerializationStreamBehindAVarIntLength() throws IOException {
        // The stream of the Java Object Serialization Specification, chapter 6: ac ed 00 05, TC_OBJECT,
        // TC_CLASSDESC, the class name, serialVersionUID 1, SC_SERIALIZABLE, one field 'I' "v",
        // TC_ENDBLOCKDATA, TC_NULL (no serializable superclass), then v = 42.
        assertGolden(
                Types.GENERIC.createSerializer(LOADER),
                new Box(42),
                "1447aced00057372002a6465762e7370696e646c652e74797065732e53657269616c697a6572476f6c64656e546573742442"
                        + "6f7800000000000000010200014900017678700000002a");
        // TC_STRING, a u16 length and the modified UTF-8 of "hi".
        assertGolden(Types.javaSerializable(String.class).createSerializer(LOADER), "hi", "09aced00057400026869");
    }
}
