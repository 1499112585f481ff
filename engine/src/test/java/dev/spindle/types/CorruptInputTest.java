package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.bytesOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple2;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Corrupt or truncated input must give an IOException: no hang, no huge allocation, no other error. */
class CorruptInputTest {

    record Sample(String name, long count, byte[] data, Object extra) {}

    private static final ClassLoader LOADER = SerializerTesting.LOADER;

    private static <T> void assertEveryTruncationFails(TypeSerializer<T> serializer, T value) throws IOException {
        byte[] bytes = bytesOf(serializer, value);
        for (int length = 0; length < bytes.length; length++) {
            DataInputView in = new DataInputView(Arrays.copyOf(bytes, length));
            assertThrows(IOException.class, () -> serializer.deserialize(in), "prefix of " + length + " bytes");
        }
    }

    @Test
    void truncatedInputFails() throws IOException {
        assertEveryTruncationFails(Types.STRING.createSerializer(LOADER), "truncated ✓");
        assertEveryTruncationFails(Types.LONG.createSerializer(LOADER), Long.MIN_VALUE);
        assertEveryTruncationFails(Types.INT.createSerializer(LOADER), -1_000_000);
        assertEveryTruncationFails(Types.DOUBLE.createSerializer(LOADER), 1.0);
        assertEveryTruncationFails(Types.BYTES.createSerializer(LOADER), new byte[] {1, 2, 3});
        assertEveryTruncationFails(
                Types.tuple(Types.STRING, Types.LONG).createSerializer(LOADER), Tuple2.of("k", 300L));
        assertEveryTruncationFails(
                Types.record(Sample.class).createSerializer(LOADER), new Sample("s", 1, new byte[] {9}, List.of("x")));
        HashMap<Object, Object> map = new HashMap<>(Map.of("a", 1, "b", Tuple2.of(2L, new Sample("n", 2, null, null))));
        assertEveryTruncationFails(Types.GENERIC.createSerializer(LOADER), map);
        assertEveryTruncationFails(Types.GENERIC.createSerializer(LOADER), new java.math.BigDecimal("1.5"));
    }

    /** A tag, then a var-int length of 2^31 - 1, then almost nothing. */
    private static DataInputView hugeLength(int tag) {
        DataOutputView out = new DataOutputView(16);
        if (tag >= 0) {
            out.writeByte(tag);
        }
        out.writeVarInt(Integer.MAX_VALUE);
        out.writeByte(1);
        return new DataInputView(out.toByteArray());
    }

    @Test
    void hugeLengthPrefixesFailFast() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThrows(
                    IOException.class,
                    () -> Types.STRING.createSerializer(LOADER).deserialize(hugeLength(-1)));
            IOException bytes = assertThrows(
                    IOException.class,
                    () -> Types.BYTES.createSerializer(LOADER).deserialize(hugeLength(-1)));
            assertTrue(bytes.getMessage().contains("corrupt stream"), bytes.getMessage());
            TypeSerializer<Object> generic = Types.GENERIC.createSerializer(LOADER);
            for (int tag : new int[] {
                GenericSerializer.STRING,
                GenericSerializer.BYTES,
                GenericSerializer.ARRAY_LIST,
                GenericSerializer.HASH_MAP,
                GenericSerializer.LINKED_HASH_MAP,
                GenericSerializer.JAVA_SERIALIZED
            }) {
                assertThrows(IOException.class, () -> generic.deserialize(hugeLength(tag)), "tag " + tag);
            }
        });
    }

    @Test
    void negativeLengthsFail() {
        DataOutputView out = new DataOutputView(16);
        out.writeVarInt(-5);
        assertThrows(
                IOException.class,
                () -> Types.BYTES.createSerializer(LOADER).deserialize(new DataInputView(out.toByteArray())));
    }

    @Test
    void unknownTagsAreReportedAsCorruption() {
        IOException e = assertThrows(
                IOException.class,
                () -> Types.GENERIC.createSerializer(LOADER).deserialize(new DataInputView(new byte[] {(byte) 200})));
        assertTrue(e.getMessage().equals("corrupt stream: unknown type tag 200"), e.getMessage());
    }

    @Test
    void wrongClassesBehindRecordAndEnumTagsFail() {
        for (int tag : new int[] {GenericSerializer.RECORD, GenericSerializer.ENUM}) {
            DataOutputView out = new DataOutputView(16);
            out.writeByte(tag);
            out.writeString("java.lang.String");
            out.writeVarInt(0);
            assertThrows(
                    IOException.class,
                    () -> Types.GENERIC.createSerializer(LOADER).deserialize(new DataInputView(out.toByteArray())));
        }
        DataOutputView missing = new DataOutputView(16);
        missing.writeByte(GenericSerializer.RECORD);
        missing.writeString("no.such.Clazz");
        assertThrows(
                IOException.class,
                () -> Types.GENERIC.createSerializer(LOADER).deserialize(new DataInputView(missing.toByteArray())));
    }

    @Test
    void deeplyNestedCorruptInputFailsWithoutStackOverflow() {
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = GenericSerializer.ARRAY_LIST;
            bytes[i + 1] = 1;
        }
        IOException e = assertThrows(
                IOException.class, () -> Types.GENERIC.createSerializer(LOADER).deserialize(new DataInputView(bytes)));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButIOException() {
        SplittableRandom random = new SplittableRandom(1234);
        TypeSerializer<Object> generic = Types.GENERIC.createSerializer(LOADER);
        TypeSerializer<Sample> record = Types.record(Sample.class).createSerializer(LOADER);
        List<TypeSerializer<?>> serializers = new ArrayList<>(List.of(generic, record));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                // Bias towards valid tags so that the fuzzing gets past the first byte.
                bytes[0] = (byte) random.nextInt(GenericSerializer.JAVA_SERIALIZED + 2);
                DataInputView in = new DataInputView(bytes);
                TypeSerializer<?> serializer = serializers.get(round % serializers.size());
                try {
                    while (in.available() > 0) {
                        serializer.deserialize(in);
                    }
                } catch (IOException expected) {
                    // corrupt input detected: fine
                }
            }
        });
    }
}
