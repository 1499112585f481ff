package dev.spindle.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyHashingTest {

    enum Region {
        NORTH,
        SOUTH
    }

    record Key(Region region, String id, long shard) {}

    static final class IdentityHashed {}

    /** The documented formula, written out again so that a change to KeyHashing shows up here. */
    private static int expectedKeyGroup(int hashCode, int maxParallelism) {
        long h = hashCode & 0xFFFFFFFFL;
        h ^= h >>> 16;
        h = (h * 0x85ebca6bL) & 0xFFFFFFFFL;
        h ^= h >>> 13;
        h = (h * 0xc2b2ae35L) & 0xFFFFFFFFL;
        h ^= h >>> 16;
        return (int) Math.floorMod((int) h, (long) maxParallelism);
    }

    @Test
    void keyGroupsFollowTheDocumentedFormula() {
        for (String key : new String[] {"", "a", "hello", "Grüße", "user-42", "😀"}) {
            for (int maxParallelism : new int[] {1, 7, 128, 32768}) {
                assertEquals(
                        expectedKeyGroup(key.hashCode(), maxParallelism),
                        KeyHashing.keyGroupFor(key, maxParallelism),
                        key);
            }
        }
        for (long key = -1000; key < 1000; key += 37) {
            assertEquals(expectedKeyGroup(Long.hashCode(key), 128), KeyHashing.keyGroupFor(key, 128));
        }
    }

    /**
     * Golden values: key groups decide where keyed state lives, so state written by one version must
     * be found by the next. Computed without Java by engine/src/test/python/golden_vectors.py, which
     * reimplements the documented hash (String.hashCode over UTF-16 units, Long.hashCode, the field
     * combination, fmix32, floorMod). Never update them to make the test pass.
     */
    @Test
    void keyGroupsOfFixedKeysNeverChange() {
        assertEquals(0x7e44a631, KeyHashing.hash("spindle"));
        assertEquals(0xe9d4e9a9, KeyHashing.hash(new Key(Region.NORTH, "id", 7L)));
        Object[][] keyGroups = {
            // key, key group of 128, key group of 32768
            {"hello", 16, 6800},
            {"user-42", 68, 20036},
            {"", 0, 0},
            {"Gr\u00fc\u00dfe", 47, 1583},
            {"\uD83D\uDE00", 114, 8434},
            {"spindle", 49, 9777},
            {42L, 92, 19804},
            {-1L, 0, 0},
            {Long.MIN_VALUE, 32, 26016},
            {7, 68, 11972},
            {Integer.MIN_VALUE, 32, 26016},
            {Region.NORTH, 55, 17975},
            {Tuple2.of("a", 1L), 60, 10812},
            {Tuple3.of("a", 5L, null), 62, 31550},
            {new Key(Region.NORTH, "id", 7L), 41, 27049},
        };
        for (Object[] row : keyGroups) {
            assertEquals(row[1], KeyHashing.keyGroupFor(row[0], 128), () -> "key group of " + row[0] + " among 128");
            assertEquals(
                    row[2], KeyHashing.keyGroupFor(row[0], 32768), () -> "key group of " + row[0] + " among 32768");
        }
    }

    @Test
    void enumsHashByNameNotIdentity() {
        assertEquals(KeyHashing.fmix32("NORTH".hashCode()), KeyHashing.hash(Region.NORTH));
        // Inside tuples and records too, field by field with the tuple formula.
        int tupleHash = 31 * "SOUTH".hashCode() + "x".hashCode();
        assertEquals(KeyHashing.fmix32(tupleHash), KeyHashing.hash(Tuple2.of(Region.SOUTH, "x")));
        int recordHash = 31 * (31 * "NORTH".hashCode() + "id".hashCode()) + Long.hashCode(7L);
        assertEquals(KeyHashing.fmix32(recordHash), KeyHashing.hash(new Key(Region.NORTH, "id", 7L)));
    }

    @Test
    void tupleKeysWithoutEnumsHashLikeTupleHashCode() {
        Tuple3<String, Long, Object> key = Tuple3.of("a", 5L, null);
        assertEquals(KeyHashing.fmix32(key.hashCode()), KeyHashing.hash(key));
        assertEquals(KeyHashing.hash(Tuple2.of("a", 1)), KeyHashing.hash(Tuple2.of("a", 1)));
    }

    @Test
    void badKeysAreRejectedClearly() {
        NullPointerException nul = assertThrows(NullPointerException.class, () -> KeyHashing.hash(null));
        assertTrue(nul.getMessage().contains("null"), nul.getMessage());
        IllegalArgumentException array =
                assertThrows(IllegalArgumentException.class, () -> KeyHashing.keyGroupFor(new byte[] {1}, 128));
        assertTrue(array.getMessage().contains("arrays cannot be keys"), array.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.hash(Tuple2.of("a", new int[0])));
        IllegalArgumentException identity =
                assertThrows(IllegalArgumentException.class, () -> KeyHashing.hash(new IdentityHashed()));
        assertTrue(identity.getMessage().contains("hashCode"), identity.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.keyGroupFor("a", 0));
    }

    @Test
    void otherValueTypesUseTheirHashCode() {
        assertEquals(KeyHashing.fmix32(List.of("a", "b").hashCode()), KeyHashing.hash(List.of("a", "b")));
        assertEquals(KeyHashing.fmix32(Double.hashCode(1.5)), KeyHashing.hash(1.5));
    }

    @Test
    void everyKeyGroupFallsInTheRangeOfItsOperator() {
        int[] maxParallelisms = {1, 2, 3, 7, 10, 64, 100, 127, 128, 1000, 4096, 32768};
        for (int maxP : maxParallelisms) {
            for (int p = 1; p <= Math.min(maxP, 70); p++) {
                checkRanges(maxP, p);
            }
            checkRanges(maxP, maxP);
        }
    }

    private static void checkRanges(int maxP, int p) {
        KeyGroupRange[] ranges = new KeyGroupRange[p];
        int next = 0;
        for (int op = 0; op < p; op++) {
            ranges[op] = KeyHashing.rangeForOperator(maxP, p, op);
            // Non-empty, contiguous and in operator order: so the ranges are disjoint and a key
            // group in its operator's range is in no other.
            if (ranges[op].start() != next || ranges[op].size() < 1) {
                throw new AssertionError(
                        "maxP " + maxP + " p " + p + ": bad range " + ranges[op] + " for operator " + op);
            }
            next = ranges[op].endInclusive() + 1;
        }
        assertEquals(maxP, next, "ranges must cover all key groups");
        for (int keyGroup = 0; keyGroup < maxP; keyGroup++) {
            int op = KeyHashing.operatorIndexForKeyGroup(maxP, p, keyGroup);
            if (!ranges[op].contains(keyGroup)) {
                throw new AssertionError("maxP " + maxP + " p " + p + ": key group " + keyGroup + " maps to operator "
                        + op + " outside its range " + ranges[op]);
            }
        }
    }

    @Test
    void operatorArgumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.operatorIndexForKeyGroup(128, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.operatorIndexForKeyGroup(128, 129, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.operatorIndexForKeyGroup(128, 4, 128));
        assertThrows(IllegalArgumentException.class, () -> KeyHashing.rangeForOperator(128, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new KeyGroupRange(5, 3));
        assertEquals(0, new KeyGroupRange(5, 4).size());
    }
}
