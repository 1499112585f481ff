package dev.spindle.types;

import static dev.spindle.types.SerializerTesting.bytesOf;
import static dev.spindle.types.SerializerTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import dev.spindle.api.tuple.Tuple4;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericSerializerTest {

    enum Shape {
        CIRCLE,
        // A constant with a body is an instance of an anonymous subclass.
        SQUARE {
            @Override
            public String toString() {
                return "square";
            }
        }
    }

    record Person(String name, int age, Shape favourite, List<Object> things) {}

    static final class NotSerializable {}

    static final class HoldsNotSerializable implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final NotSerializable inner = new NotSerializable();
    }

    private final TypeSerializer<Object> generic = Types.GENERIC.createSerializer(SerializerTesting.LOADER);

    @Test
    void builtInValuesRoundTrip() throws IOException {
        Object[] values = {
            null,
            "",
            "text ✓ 😀",
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0L,
            -3,
            Integer.MIN_VALUE,
            1.25,
            Double.NEGATIVE_INFINITY,
            true,
            false,
            1.5f,
            (short) -2,
            (byte) 7,
            'ß'
        };
        for (Object value : values) {
            Object copy = roundTrip(generic, value);
            assertEquals(value, copy);
            if (value != null) {
                assertSame(value.getClass(), copy.getClass());
            }
        }
        assertArrayEquals(new byte[] {1, -1}, (byte[]) roundTrip(generic, new byte[] {1, -1}));
        assertEquals(1, bytesOf(generic, null).length);
        assertEquals(1, bytesOf(generic, true).length);
    }

    @Test
    void nestedTuplesRecordsAndContainersRoundTrip() throws IOException {
        ArrayList<Object> list = new ArrayList<>(Arrays.asList(1L, null, "two", Shape.SQUARE));
        HashMap<Object, Object> map = new HashMap<>();
        map.put("a", Tuple2.of(1, 2));
        map.put(3L, null);
        Object value = Tuple4.of(
                Tuple3.of("x", null, new Person("Ada", 36, Shape.CIRCLE, list)),
                list,
                map,
                Tuple2.of(new Person("Bob", -1, null, null), Shape.SQUARE));
        assertEquals(value, roundTrip(generic, value));
    }

    @Test
    void enumConstantsWithBodiesComeBackAsTheSameConstant() throws IOException {
        assertSame(Shape.SQUARE, roundTrip(generic, Shape.SQUARE));
        assertSame(Shape.CIRCLE, roundTrip(generic, Shape.CIRCLE));
    }

    @Test
    void linkedHashMapKeepsItsClassAndOrder() throws IOException {
        LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            map.put("k" + i, i);
        }
        Object copy = roundTrip(generic, map);
        assertSame(LinkedHashMap.class, copy.getClass());
        assertEquals(List.copyOf(map.keySet()), List.copyOf(((Map<?, ?>) copy).keySet()));
        assertSame(HashMap.class, roundTrip(generic, new HashMap<>(map)).getClass());
    }

    @Test
    void otherSerializablesGoThroughJavaSerialization() throws IOException {
        assertEquals(new BigDecimal("12345.6789"), roundTrip(generic, new BigDecimal("12345.6789")));
        IsolatedPojo pojo = new IsolatedPojo("p", new int[] {1, 2, 3});
        assertEquals(pojo, roundTrip(generic, pojo));
        // Immutable lists are not ArrayLists; the fallback brings back their own class.
        Object immutable = roundTrip(generic, List.of("a", "b"));
        assertEquals(List.of("a", "b"), immutable);
        assertThrows(UnsupportedOperationException.class, () -> cast(immutable).add("c"));
    }

    // The test passes instances of the user loader's copy of a class, which Java cannot name.
    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> untyped(TypeSerializer<?> serializer) {
        return (TypeSerializer<Object>) serializer;
    }

    @SuppressWarnings("unchecked") // test helper: the value is known to be a list of strings
    private static List<String> cast(Object list) {
        return (List<String>) list;
    }

    @Test
    void nonSerializableValuesFailWithAHint() {
        IOException direct =
                assertThrows(IOException.class, () -> generic.serialize(new NotSerializable(), new DataOutputView(16)));
        assertTrue(direct.getMessage().contains(NotSerializable.class.getName()), direct.getMessage());
        assertTrue(direct.getMessage().contains("Serializable"), direct.getMessage());
        assertTrue(direct.getMessage().contains("returns("), direct.getMessage());

        IOException nested = assertThrows(
                IOException.class, () -> generic.serialize(new HoldsNotSerializable(), new DataOutputView(16)));
        assertTrue(nested.getMessage().contains(NotSerializable.class.getName()), nested.getMessage());
        assertTrue(nested.getMessage().contains("returns("), nested.getMessage());
    }

    @Test
    void aListThatContainsItselfFailsInsteadOfOverflowingTheStack() {
        ArrayList<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        IOException e = assertThrows(IOException.class, () -> generic.serialize(cyclic, new DataOutputView(16)));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void valuesNestedWithinTheLimitRoundTrip() throws IOException {
        Object value = "leaf";
        for (int i = 0; i < GenericSerializer.MAX_DEPTH - 1; i++) {
            value = Tuple2.of(value, i);
        }
        assertEquals(value, roundTrip(generic, value));
    }

    @Test
    void duplicateGivesAFreshInstance() {
        assertNotSame(generic, generic.duplicate());
    }

    @Test
    void classesInTheStreamResolveThroughTheUserClassLoader() throws Exception {
        URL testClasses =
                IsolatedPojo.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader userLoader =
                new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> pojoClass = userLoader.loadClass(IsolatedPojo.class.getName());
            Class<?> pointClass = userLoader.loadClass(IsolatedPoint.class.getName());
            Object pojo = pojoClass.getConstructor(String.class, int[].class).newInstance("user", new int[] {4});
            Object point = pointClass
                    .getConstructor(String.class, long.class, double.class)
                    .newInstance("pt", 3L, 0.5);
            Object value = Tuple2.of(pojo, point);

            TypeSerializer<Object> userSerializer = Types.GENERIC.createSerializer(userLoader);
            Tuple2<?, ?> copy = (Tuple2<?, ?>) roundTrip(userSerializer, value);
            assertSame(pojoClass, copy.f0.getClass());
            assertSame(pointClass, copy.f1.getClass());
            assertEquals(value, copy);

            // The application class loader sees the test's own copies of the classes instead.
            Tuple2<?, ?> appCopy = (Tuple2<?, ?>) new GenericSerializer(SerializerTesting.LOADER)
                    .deserialize(new DataInputView(bytesOf(userSerializer, value)));
            assertSame(IsolatedPojo.class, appCopy.f0.getClass());
            assertSame(IsolatedPoint.class, appCopy.f1.getClass());

            // A typed record serializer resolves the record class the same way.
            TypeSerializer<IsolatedPoint> typed =
                    Types.record(IsolatedPoint.class).createSerializer(userLoader);
            Object typedCopy = roundTrip(untyped(typed), point);
            assertSame(pointClass, typedCopy.getClass());
            assertEquals(point, typedCopy);
        }
    }

    @Test
    void manyRecordTypesInterleaveThroughOneSerializer() throws IOException {
        DataOutputView out = new DataOutputView(16);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(new Person("p" + i, i, i % 2 == 0 ? Shape.CIRCLE : null, null));
            values.add(new IsolatedPoint("q" + i, i, i / 2.0));
            values.add(Shape.values()[i % 2]);
        }
        for (Object value : values) {
            generic.serialize(value, out);
        }
        DataInputView in = new DataInputView(out.toByteArray());
        for (Object value : values) {
            assertEquals(value, generic.deserialize(in));
        }
        assertEquals(0, in.available());
    }
}
