package dev.spindle.api.tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Objects;
import org.junit.jupiter.api.Test;

class TupleTest {

    @Test
    void fieldsAreAccessibleByNameAndPosition() {
        Tuple3<String, Long, Integer> tuple = Tuple3.of("a", 1L, 2);
        assertEquals(3, tuple.arity());
        String f0 = tuple.getField(0);
        assertEquals("a", f0);
        tuple.setField(1, 5L);
        assertEquals(5L, tuple.f1);
        tuple.f2 = 9;
        assertEquals(Integer.valueOf(9), tuple.getField(2));
        assertThrows(IndexOutOfBoundsException.class, () -> tuple.getField(3));
        assertThrows(IndexOutOfBoundsException.class, () -> tuple.setField(-1, "x"));
    }

    @Test
    void equalityIsValueBasedAndNullSafe() {
        assertEquals(Tuple2.of("a", null), new Tuple2<>("a", null));
        assertEquals(new Tuple4<>(), Tuple4.of(null, null, null, null));
        assertNotEquals(Tuple2.of("a", 1), Tuple2.of("a", 2));
        assertNotEquals(Tuple2.of(1, 2), Tuple3.of(1, 2, null));
        assertEquals(Tuple2.of("a", 1).hashCode(), Tuple2.of("a", 1).hashCode());
    }

    @Test
    void hashCodeFollowsTheFixedFormula() {
        int expected = 31 * (31 * (31 * "a".hashCode() + Long.hashCode(2L)) + 0) + Objects.hashCode(3);
        assertEquals(expected, Tuple4.of("a", 2L, null, 3).hashCode());
        assertEquals(0, new Tuple2<>().hashCode());
    }

    @Test
    void toStringListsTheFields() {
        assertEquals("(a,1)", Tuple2.of("a", 1).toString());
        assertEquals(
                "(null,(x,2.5),[1, 2])",
                Tuple3.of(null, Tuple2.of("x", 2.5), new byte[] {1, 2}).toString());
    }

    @Test
    void newInstanceCoversEverySupportedArity() {
        for (int arity = 2; arity <= Tuple.MAX_ARITY; arity++) {
            Tuple tuple = Tuple.newInstance(arity);
            assertEquals(arity, tuple.arity());
            assertNull(tuple.getField(arity - 1));
        }
        assertThrows(IllegalArgumentException.class, () -> Tuple.newInstance(5));
    }
}
