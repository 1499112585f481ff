package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.javaRoundTrip;
import static dev.spindle.types.SerializerTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.tuple.Tuple2;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeInfoTest {

    record Reading(String sensor, double value, Long sequence) {}

    @Test
    void displayNamesReadLikeJavaTypes() {
        assertEquals("String", Types.STRING.displayName());
        assertEquals("Long", Types.LONG.displayName());
        assertEquals("byte[]", Types.BYTES.displayName());
        assertEquals("Generic", Types.GENERIC.displayName());
        assertEquals(
                "Tuple2<String, Long>", Types.tuple(Types.STRING, Types.LONG).displayName());
        assertEquals(
                "Tuple2<Reading, Generic>",
                Types.tuple(Types.record(Reading.class), Types.GENERIC).displayName());
        assertEquals(
                "JavaSerializable<BigDecimal>",
                Types.javaSerializable(BigDecimal.class).displayName());
    }

    @Test
    void typeInfosCompareByValue() {
        assertEquals(Types.tuple(Types.STRING, Types.LONG), Types.tuple(Types.STRING, Types.LONG));
        assertEquals(
                Types.tuple(Types.STRING, Types.LONG).hashCode(),
                Types.tuple(Types.STRING, Types.LONG).hashCode());
        assertNotEquals(Types.tuple(Types.STRING, Types.LONG), Types.tuple(Types.LONG, Types.STRING));
        assertEquals(Types.record(Reading.class), Types.record(Reading.class));
        assertEquals(Types.javaSerializable(BigDecimal.class), Types.javaSerializable(BigDecimal.class));
        assertNotEquals(Types.STRING, Types.LONG);
    }

    @Test
    void forClassPicksTheDedicatedTypes() {
        assertSame(Types.STRING, Types.forClass(String.class));
        assertSame(Types.LONG, Types.forClass(long.class));
        assertSame(Types.LONG, Types.forClass(Long.class));
        assertSame(Types.INT, Types.forClass(int.class));
        assertSame(Types.DOUBLE, Types.forClass(Double.class));
        assertSame(Types.BOOLEAN, Types.forClass(boolean.class));
        assertSame(Types.BYTES, Types.forClass(byte[].class));
        assertEquals(Types.record(Reading.class), Types.forClass(Reading.class));
        assertSame(Types.GENERIC, Types.forClass(Object.class));
        assertSame(Types.GENERIC, Types.forClass(BigDecimal.class));
        assertSame(Types.GENERIC, Types.forClass(Tuple2.class));
    }

    @Test
    void javaSerializableRejectsNonSerializableClasses() {
        assertThrows(IllegalArgumentException.class, () -> Types.javaSerializable(Thread.class));
    }

    @Test
    void basicAndGenericTypeInfosStayUniqueAcrossJavaSerialization() throws Exception {
        for (TypeInfo<?> type :
                List.of(Types.STRING, Types.LONG, Types.INT, Types.DOUBLE, Types.BOOLEAN, Types.BYTES, Types.GENERIC)) {
            assertSame(type, javaRoundTrip(type));
        }
    }

    @Test
    void shippedTypeInfosStillCreateWorkingSerializers() throws Exception {
        TypeInfo<Tuple2<Reading, Object>> tuple =
                javaRoundTrip(Types.tuple(Types.record(Reading.class), Types.GENERIC));
        assertEquals(Types.tuple(Types.record(Reading.class), Types.GENERIC), tuple);
        Tuple2<Reading, Object> value = Tuple2.of(new Reading("s1", 0.5, null), List.of(1, "x"));
        assertEquals(value, roundTrip(tuple, value));

        TypeInfo<Reading> record = javaRoundTrip(Types.record(Reading.class));
        assertEquals(new Reading("s", -1.0, 3L), roundTrip(record, new Reading("s", -1.0, 3L)));

        TypeInfo<BigDecimal> serializable = javaRoundTrip(Types.javaSerializable(BigDecimal.class));
        assertEquals(BigDecimal.TEN, roundTrip(serializable, BigDecimal.TEN));
        assertEquals(null, roundTrip(serializable, null));
    }

    @Test
    void shippedSerializersStillWork() throws Exception {
        TypeSerializer<Tuple2<Reading, Object>> serializer = javaRoundTrip(
                Types.tuple(Types.record(Reading.class), Types.GENERIC).createSerializer(SerializerTesting.LOADER));
        Tuple2<Reading, Object> value = Tuple2.of(new Reading("s2", 2.0, 1L), new ArrayList<>(List.of("a")));
        assertEquals(value, roundTrip(serializer, value));
        TypeSerializer<BigDecimal> java =
                javaRoundTrip(Types.javaSerializable(BigDecimal.class).createSerializer(SerializerTesting.LOADER));
        assertEquals(BigDecimal.ONE, roundTrip(java, BigDecimal.ONE));
        assertSame(
                Types.STRING.createSerializer(SerializerTesting.LOADER),
                javaRoundTrip(Types.STRING.createSerializer(SerializerTesting.LOADER)));
    }

    @Test
    void recordTypeInfoNeedsTheClassOnlyWhenCreatingTheSerializer() throws IOException {
        TypeInfo<Reading> type = Types.record(Reading.class);
        ClassLoader empty = new ClassLoader(null) {};
        assertThrows(IllegalStateException.class, () -> type.createSerializer(empty));
    }
}
