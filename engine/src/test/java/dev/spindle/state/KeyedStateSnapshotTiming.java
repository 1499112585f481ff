package dev.spindle.state;

import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.KeyHashing;
import dev.spindle.types.Types;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Prints how long snapshot() and writeTo() take for the W2 benchmark's state (Long keys with Long
 * counts in one value state, max parallelism 128), and the cost of a state update before and
 * right after a snapshot against a plain HashMap. A measurement to run by hand, not a test:
 * {@code java -cp engine/target/classes:engine/target/test-classes dev.spindle.state.KeyedStateSnapshotTiming [keys]}.
 */
public final class KeyedStateSnapshotTiming {
    private KeyedStateSnapshotTiming() {}

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int maxParallelism = 128;
        KeyGroupRange range = new KeyGroupRange(0, maxParallelism - 1);
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(range, maxParallelism);
        ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        Long[] boxed = new Long[keys];
        for (int k = 0; k < keys; k++) {
            boxed[k] = (long) k;
            backend.setCurrentKey(boxed[k]);
            count.update(1L);
        }
        // Today's access without snapshots: a HashMap per key group, get then put.
        @SuppressWarnings("unchecked") // generic array creation
        HashMap<Long, Long>[] plain = (HashMap<Long, Long>[]) new HashMap<?, ?>[maxParallelism];
        Arrays.setAll(plain, g -> new HashMap<>());
        for (int round = 0; round < 15; round++) {
            long plainNanos = time(() -> {
                for (Long key : boxed) {
                    HashMap<Long, Long> group = plain[KeyHashing.keyGroupFor(key, maxParallelism)];
                    Long v = group.get(key);
                    group.put(key, v == null ? 1L : v + 1);
                }
            });
            long stateNanos = time(() -> updateAll(backend, count, boxed));
            long snapshotStart = System.nanoTime();
            KeyedStateSnapshot snapshot = backend.snapshot();
            long snapshotNanos = System.nanoTime() - snapshotStart;
            long afterSnapshotNanos = time(() -> updateAll(backend, count, boxed));
            Path file = Files.createTempFile("keyed-state", ".bin");
            long writeStart = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                snapshot.writeTo(out);
            }
            long writeNanos = System.nanoTime() - writeStart;
            long size = Files.size(file);
            long restoreStart = System.nanoTime();
            try (var in = Files.newInputStream(file)) {
                HeapKeyedStateBackend restored = HeapKeyedStateBackend.restore(
                        range, maxParallelism, KeyedStateSnapshotTiming.class.getClassLoader(), java.util.List.of(in));
                restored.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
            }
            long restoreNanos = System.nanoTime() - restoreStart;
            Files.delete(file);
            System.out.printf(
                    "round %2d: %d keys: HashMap get+put %.1f ns/key, state update %.1f ns/key, first update pass after"
                            + " snapshot %.1f ns/key; snapshot() %.1f us, writeTo %.1f ms (%d bytes), restore %.1f ms%n",
                    round,
                    keys,
                    (double) plainNanos / keys,
                    (double) stateNanos / keys,
                    (double) afterSnapshotNanos / keys,
                    snapshotNanos / 1e3,
                    writeNanos / 1e6,
                    size,
                    restoreNanos / 1e6);
        }
        int warm = 20_000;
        long start = System.nanoTime();
        for (int i = 0; i < warm; i++) {
            backend.snapshot().release();
        }
        System.out.printf("snapshot() once compiled: %.2f us%n", (System.nanoTime() - start) / 1e3 / warm);
        System.out.println("(ignore the first rounds: JIT warm-up)");
    }

    private static void updateAll(KeyedStateBackend backend, ValueState<Long> count, Long[] keys) {
        for (Long key : keys) {
            backend.setCurrentKey(key);
            count.update(count.value() + 1);
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}
