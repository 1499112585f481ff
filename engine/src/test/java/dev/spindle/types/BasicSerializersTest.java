package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.bytesOf;
import static dev.spindle.types.SerializerTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class BasicSerializersTest {

    @Test
    void stringsRoundTripIncludingEmptyNonAsciiAndLong() throws IOException {
        String[] values = {
            "",
            "a",
            "hello world",
            "Grüße, Ωμέγα",
            "日本語",
            "emoji 😀🚀 and surrogate pairs",
            "\u0000nul inside",
            "x".repeat(100_000)
        };
        for (String value : values) {
            assertEquals(value, roundTrip(Types.STRING, value));
        }
    }

    @Test
    void longsRoundTripAtTheEdges() throws IOException {
        long[] values = {
            0,
            1,
            -1,
            63,
            -64,
            64,
            -65,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE - 1,
            Long.MIN_VALUE + 1,
            1_700_000_000_000L
        };
        for (long value : values) {
            assertEquals(value, roundTrip(Types.LONG, value));
        }
    }

    @Test
    void smallLongsAndIntsTakeOneByte() throws IOException {
        TypeSerializer<Long> longs = Types.LONG.createSerializer(SerializerTesting.LOADER);
        TypeSerializer<Integer> ints = Types.INT.createSerializer(SerializerTesting.LOADER);
        for (int v = -64; v <= 63; v++) {
            assertEquals(1, bytesOf(longs, (long) v).length, "long " + v);
            assertEquals(1, bytesOf(ints, v).length, "int " + v);
        }
        assertEquals(10, bytesOf(longs, Long.MIN_VALUE).length);
        assertEquals(5, bytesOf(ints, Integer.MIN_VALUE).length);
    }

    @Test
    void intsRoundTripIncludingNegatives() throws IOException {
        int[] values = {0, 1, -1, -2, 127, -128, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int value : values) {
            assertEquals(value, roundTrip(Types.INT, value));
        }
    }

    @Test
    void doublesRoundTripBitForBit() throws IOException {
        double[] values = {
            0.0,
            -0.0,
            1.5,
            -2.25,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        };
        for (double value : values) {
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(roundTrip(Types.DOUBLE, value)));
        }
    }

    @Test
    void booleansAndBytesRoundTrip() throws IOException {
        assertEquals(true, roundTrip(Types.BOOLEAN, true));
        assertEquals(false, roundTrip(Types.BOOLEAN, false));
        assertArrayEquals(new byte[0], roundTrip(Types.BYTES, new byte[0]));
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, roundTrip(Types.BYTES, all));
    }

    @Test
    void basicSerializersRejectNullWithAHint() {
        TypeSerializer<String> strings = Types.STRING.createSerializer(SerializerTesting.LOADER);
        NullPointerException e =
                assertThrows(NullPointerException.class, () -> strings.serialize(null, new DataOutputView(16)));
        assertTrue(e.getMessage().contains("Types.GENERIC"), e.getMessage());
        assertThrows(
                NullPointerException.class,
                () -> Types.LONG.createSerializer(SerializerTesting.LOADER).serialize(null, new DataOutputView(16)));
    }

    @Test
    void basicSerializersAreStatelessSingletons() {
        TypeSerializer<Long> longs = Types.LONG.createSerializer(SerializerTesting.LOADER);
        assertSame(longs, longs.duplicate());
        assertSame(longs, Types.LONG.createSerializer(null));
    }
}
