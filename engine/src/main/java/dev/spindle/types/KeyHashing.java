package dev.spindle.types;

import dev.spindle.api.tuple.Tuple;

/**
 * Maps keys to key groups and key groups to parallel operator instances, the same way in every
 * JVM: a key's state and its records must meet in one task no matter which TaskManager computed
 * the route.
 *
 * <p>Key hash: {@link String}s, boxed primitives and other objects use {@code hashCode()};
 * enums use {@code name().hashCode()} (their {@code hashCode()} is identity-based); tuples and
 * records are hashed field by field with these same rules ({@code h = 31 * h + hash(field)},
 * starting from the first field's hash, {@code null} fields hash to 0), so that an enum inside a
 * key is deterministic too. For tuples without enums this equals {@code Tuple#hashCode()}. The
 * result is mixed with murmur3's 32-bit finalizer ({@code fmix32}) so that keys with similar hash
 * codes (consecutive numbers) spread over the key groups.
 *
 * <p>Rejected keys: {@code null}; arrays (identity-based {@code hashCode()}, so equal arrays would
 * land in different groups); objects whose class inherits {@code Object#hashCode()}.
 *
 * <p>Record keys are hashed by their components, so a record used as a key must not override
 * {@code equals} to something looser than component equality.
 */
public final class KeyHashing {
    /** Whether a class overrides Object#hashCode; computed once per class. */
    private static final ClassValue<Boolean> HAS_VALUE_HASH_CODE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("hashCode").getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("every class has hashCode()", e);
            }
        }
    };

    private KeyHashing() {}

    /**
     * The mixed, JVM-independent hash of {@code key}.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if the key, or a field of a tuple or record key, is an
     *     array or has an identity-based hash code
     */
    public static int hash(Object key) {
        if (key == null) {
            throw new NullPointerException("key is null: a key selector must not return null");
        }
        return fmix32(valueHash(key));
    }

    /**
     * The key group of {@code key}: {@code Math.floorMod(hash(key), maxParallelism)}.
     *
     * @throws IllegalArgumentException if {@code maxParallelism < 1}, or see {@link #hash}
     */
    public static int keyGroupFor(Object key, int maxParallelism) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism must be positive, got " + maxParallelism);
        }
        return Math.floorMod(hash(key), maxParallelism);
    }

    /**
     * The operator instance that owns {@code keyGroup}: {@code keyGroup * parallelism / maxParallelism},
     * which gives each instance one contiguous range (Flink's formula, so the split of key groups
     * matches Flink's for the same parallelisms).
     *
     * @throws IllegalArgumentException unless {@code 1 <= parallelism <= maxParallelism} and
     *     {@code 0 <= keyGroup < maxParallelism}
     */
    public static int operatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        checkParallelism(maxParallelism, parallelism);
        if (keyGroup < 0 || keyGroup >= maxParallelism) {
            throw new IllegalArgumentException("key group " + keyGroup + " outside [0, " + maxParallelism + ")");
        }
        return (int) ((long) keyGroup * parallelism / maxParallelism);
    }

    /**
     * The key groups that {@link #operatorIndexForKeyGroup} maps to {@code operatorIndex}:
     * from {@code ceil(operatorIndex * maxParallelism / parallelism)} to
     * {@code ceil((operatorIndex + 1) * maxParallelism / parallelism) - 1}. Never empty.
     *
     * @throws IllegalArgumentException unless {@code 1 <= parallelism <= maxParallelism} and
     *     {@code 0 <= operatorIndex < parallelism}
     */
    public static KeyGroupRange rangeForOperator(int maxParallelism, int parallelism, int operatorIndex) {
        checkParallelism(maxParallelism, parallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism) {
            throw new IllegalArgumentException("operator index " + operatorIndex + " outside [0, " + parallelism + ")");
        }
        int start = ceilDiv((long) operatorIndex * maxParallelism, parallelism);
        int end = ceilDiv((long) (operatorIndex + 1) * maxParallelism, parallelism) - 1;
        return new KeyGroupRange(start, end);
    }

    private static void checkParallelism(int maxParallelism, int parallelism) {
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException(
                    "parallelism " + parallelism + " must be between 1 and the max parallelism " + maxParallelism);
        }
    }

    private static int ceilDiv(long dividend, int divisor) {
        return (int) ((dividend + divisor - 1) / divisor);
    }

    /** murmur3's 32-bit finalizer: every input bit affects every output bit. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The unmixed hash of a key or of a field inside one; null only occurs for fields. */
    private static int valueHash(Object value) {
        // The common key types first; their hashCode() is specified by the JDK.
        if (value instanceof String || value instanceof Long || value instanceof Integer) {
            return value.hashCode();
        }
        if (value == null) {
            return 0;
        }
        if (value instanceof Enum<?> e) {
            return e.name().hashCode();
        }
        if (value instanceof Tuple tuple) {
            int h = valueHash(tuple.getField(0));
            for (int i = 1; i < tuple.arity(); i++) {
                h = 31 * h + valueHash(tuple.getField(i));
            }
            return h;
        }
        if (value instanceof Record) {
            return recordHash(value);
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            throw new IllegalArgumentException("arrays cannot be keys: their hashCode() is identity-based,"
                    + " so equal arrays would not meet; use a String, a List or a record instead of "
                    + type.getSimpleName());
        }
        if (!HAS_VALUE_HASH_CODE.get(type)) {
            throw new IllegalArgumentException(type.getName() + " cannot be a key: it does not override"
                    + " hashCode(), so its hash differs between JVMs; implement equals/hashCode or use a record");
        }
        return value.hashCode();
    }

    private static int recordHash(Object record) {
        RecordAccess access = RecordAccess.of(record.getClass());
        int n = access.componentCount();
        if (n == 0) {
            return 0;
        }
        int h = valueHash(access.get(record, 0));
        for (int i = 1; i < n; i++) {
            h = 31 * h + valueHash(access.get(record, i));
        }
        return h;
    }
}
