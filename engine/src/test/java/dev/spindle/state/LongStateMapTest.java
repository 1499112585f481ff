package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongStateMapTest {

    /** Random puts and removes on a few hundred keys (0 and negatives among them) against a HashMap. */
    @Test
    void behavesAsAHashMapOfLongs() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            LongStateMap map = new LongStateMap();
            Map<Long, Long> expected = new HashMap<>();
            int range = 50 + random.nextInt(500);
            for (int op = 0; op < 20_000; op++) {
                long key = random.nextInt(range) - range / 4; // includes 0 and negative keys
                if (random.nextInt(3) == 0) {
                    map.remove(key);
                    expected.remove(key);
                } else {
                    long value = random.nextLong();
                    assertTrue(map.put(key, value));
                    expected.put(key, value);
                }
                if (op % 997 == 0) {
                    assertSameEntries(expected, map, "seed " + seed + ", op " + op);
                }
            }
            assertSameEntries(expected, map, "seed " + seed);
        }
    }

    /** Keys that all start their probe in one slot, so removal must shift the whole run back. */
    @Test
    void removalKeepsTheKeysAfterItInOneProbeRunReachable() throws IOException {
        LongStateMap map = new LongStateMap();
        Map<Long, Long> expected = new HashMap<>();
        // With 16 slots the home is the product's top 4 bits; multiples of 2^60 collide often.
        for (long i = 1; i <= 9; i++) {
            long key = i << 60;
            map.put(key, i);
            expected.put(key, i);
        }
        for (long i = 1; i <= 9; i += 2) {
            map.remove(i << 60);
            expected.remove(i << 60);
            assertSameEntries(expected, map, "after removing " + i);
        }
    }

    @Test
    void aCopyIsIndependent() throws IOException {
        LongStateMap map = new LongStateMap();
        for (long k = 0; k < 1000; k++) {
            map.put(k, k * 2);
        }
        LongStateMap copy = map.copy();
        map.put(5L, -1L);
        map.remove(6L);
        map.put(0L, 7L);
        assertEquals(10L, copy.get(5L));
        assertEquals(12L, copy.get(6L));
        assertEquals(0L, copy.get(0L));
        assertEquals(1000, copy.size());
        assertEquals(999, map.size());
        copy.put(2000L, 1L);
        assertNull(map.get(2000L));
    }

    @Test
    void refusesWhatIsNotALongAndFindsNothingForIt() {
        LongStateMap map = new LongStateMap();
        assertFalse(map.put("key", 1L));
        assertFalse(map.put(1L, "value"));
        assertFalse(map.put(1, 1L), "an Integer key is not a Long key");
        assertEquals(0, map.size());
        map.put(1L, 1L);
        assertNull(map.get(1));
        assertFalse(map.containsKey("1"));
        map.remove(1);
        assertEquals(1, map.size());
    }

    private static void assertSameEntries(Map<Long, Long> expected, LongStateMap map, String when) throws IOException {
        assertEquals(expected.size(), map.size(), when);
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertTrue(map.containsKey(e.getKey()), when + ": key " + e.getKey());
            assertEquals(e.getValue(), map.get(e.getKey()), when + ": key " + e.getKey());
        }
        Map<Object, Object> visited = new HashMap<>();
        map.forEach((k, v) -> assertNull(visited.put(k, v), "visited twice: " + k));
        assertEquals(expected, visited, when);
    }
}
