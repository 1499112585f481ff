package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import dev.spindle.api.tuple.Tuple4;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleSerializerTest {

    @Test
    void tuple2RoundTrips() throws IOException {
        TypeInfo<Tuple2<String, Long>> type = Types.tuple(Types.STRING, Types.LONG);
        assertEquals(Tuple2.of("key", Long.MAX_VALUE), roundTrip(type, Tuple2.of("key", Long.MAX_VALUE)));
        assertEquals(Tuple2.of("", -1L), roundTrip(type, Tuple2.of("", -1L)));
        assertEquals("Tuple2<String, Long>", type.displayName());
    }

    @Test
    void nestedTuplesRoundTrip() throws IOException {
        TypeInfo<Tuple3<Tuple2<String, Integer>, Double, Boolean>> type =
                Types.tuple(Types.tuple(Types.STRING, Types.INT), Types.DOUBLE, Types.BOOLEAN);
        Tuple3<Tuple2<String, Integer>, Double, Boolean> value = Tuple3.of(Tuple2.of("in", -5), 2.5, true);
        assertEquals(value, roundTrip(type, value));
        assertEquals("Tuple3<Tuple2<String, Integer>, Double, Boolean>", type.displayName());
    }

    @Test
    void tuple4WithGenericFieldsKeepsNulls() throws IOException {
        TypeInfo<Tuple4<Object, byte[], Object, Long>> type =
                Types.tuple(Types.GENERIC, Types.BYTES, Types.GENERIC, Types.LONG);
        Tuple4<Object, byte[], Object, Long> copy = roundTrip(type, Tuple4.of(null, new byte[] {7}, List.of(1, 2), 0L));
        assertEquals(null, copy.f0);
        assertEquals(7, copy.f1[0]);
        assertEquals(List.of(1, 2), copy.f2);
        assertEquals(0L, copy.f3);
    }

    @Test
    void varargsFactoryBuildsTheTupleOfThatArity() throws IOException {
        TypeInfo<Tuple3<String, String, String>> type =
                Types.tuple(new TypeInfo<?>[] {Types.STRING, Types.STRING, Types.STRING});
        assertEquals(Tuple3.of("a", "b", "c"), roundTrip(type, Tuple3.of("a", "b", "c")));
        assertEquals(Types.tuple(Types.STRING, Types.STRING, Types.STRING), type);
    }

    @Test
    void unsupportedAritiesAreRejected() {
        IllegalArgumentException one = assertThrows(
                IllegalArgumentException.class, () -> Types.<Tuple>tuple(new TypeInfo<?>[] {Types.STRING}));
        assertTrue(one.getMessage().contains("2 to 4"), one.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Types.<Tuple>tuple(Types.INT, Types.INT, Types.INT, Types.INT, Types.INT));
        assertThrows(IllegalArgumentException.class, () -> Types.<Tuple>tuple());
    }

    @Test
    void nullInABasicFieldIsRejected() {
        TypeSerializer<Tuple2<String, Long>> serializer =
                Types.tuple(Types.STRING, Types.LONG).createSerializer(SerializerTesting.LOADER);
        assertThrows(
                NullPointerException.class, () -> serializer.serialize(Tuple2.of(null, 1L), new DataOutputView(16)));
    }

    @Test
    void duplicateCopiesOnlyWhenAFieldSerializerIsStateful() {
        TypeSerializer<Tuple2<String, Long>> stateless =
                Types.tuple(Types.STRING, Types.LONG).createSerializer(SerializerTesting.LOADER);
        assertSame(stateless, stateless.duplicate());
        TypeSerializer<Tuple2<String, Object>> stateful =
                Types.tuple(Types.STRING, Types.GENERIC).createSerializer(SerializerTesting.LOADER);
        assertNotSame(stateful, stateful.duplicate());
    }
}
