package dev.spindle.api.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.functions.SourceFunction;
import dev.spindle.api.operators.Output;
import dev.spindle.api.operators.SourceOperator;
import dev.spindle.api.operators.TestingOperatorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in source, snapshotted inside {@code collect} at a chosen record, crashed and
 * restored into a fresh instance, emits exactly its records: those forwarded before the snapshot
 * followed by those of the restored instance, with no record lost and none repeated.
 */
class SourcePositionTest {
    @TempDir
    Path dir;

    /** Stops the first run, as a failure of the task would. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crash", null, false, false);
        }
    }

    /**
     * Forwards records into a list; inside the collect of record number {@code snapshotAt} it
     * snapshots the source before forwarding (as the runtime may), then crashes two records later.
     */
    private static final class SnapshottingOutput<T> implements Output<T> {
        final java.util.concurrent.Callable<byte[]> snapshotter;
        final long snapshotAt;
        final List<T> forwardedBeforeSnapshot = new ArrayList<>();
        byte[] snapshot;
        boolean snapshotTaken;
        long seen;

        SnapshottingOutput(java.util.concurrent.Callable<byte[]> snapshotter, long snapshotAt) {
            this.snapshotter = snapshotter;
            this.snapshotAt = snapshotAt;
        }

        @Override
        public void collect(T record) {
            if (seen == snapshotAt) {
                try {
                    snapshot = snapshotter.call();
                    snapshotTaken = true;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            if (seen == snapshotAt + 2) {
                throw new Crash();
            }
            if (!snapshotTaken) {
                forwardedBeforeSnapshot.add(record);
            }
            seen++;
        }

        @Override
        public void flush() {}
    }

    private static <T> Output<T> into(List<T> records) {
        return new Output<>() {
            @Override
            public void collect(T record) {
                records.add(record);
            }

            @Override
            public void flush() {}
        };
    }

    /**
     * Runs a source of {@code subtask}, snapshotted at record {@code snapshotAt[0]} (or after it is
     * exhausted, for the task's final checkpoint, when it has fewer records) and crashed, then a
     * fresh one restored from that snapshot, snapshotted at its record {@code snapshotAt[1]} and
     * crashed, and so on; the last one restored runs to the end. Returns the records that count:
     * those each run forwarded before its snapshot, and all of the last run's.
     */
    private static <T> List<T> runAcrossRestores(
            Supplier<SourceOperator<T>> factory, TestingOperatorContext subtask, long... snapshotAt) throws Exception {
        List<T> all = new ArrayList<>();
        byte[] state = null;
        for (int run = 0; run < snapshotAt.length; run++) {
            SourceOperator<T> source = factory.get();
            TestingOperatorContext context = run == 0 ? subtask.withCheckpointing() : subtask.restoredFrom(run, state);
            SnapshottingOutput<T> output = new SnapshottingOutput<>(() -> context.snapshot(source, 7), snapshotAt[run]);
            source.open(context, output);
            try {
                source.run();
                source.finish();
            } catch (Crash expected) {
                // the task fails; what was forwarded after the snapshot is rolled back downstream
            }
            if (!output.snapshotTaken) {
                output.snapshot = context.snapshot(source, 7);
            }
            source.close();
            all.addAll(output.forwardedBeforeSnapshot);
            state = output.snapshot;
        }
        SourceOperator<T> last = factory.get();
        last.open(subtask.restoredFrom(snapshotAt.length, state), into(all));
        last.run();
        last.finish();
        last.close();
        return all;
    }

    private static <T> List<T> runAcrossARestore(
            Supplier<SourceOperator<T>> factory, TestingOperatorContext subtask, long snapshotAt) throws Exception {
        return runAcrossRestores(factory, subtask, snapshotAt);
    }

    /** The snapshot points worth trying for a source with {@code n} records and these boundaries. */
    private static List<Long> points(long n, List<Long> boundaries) {
        TreeSet<Long> p = new TreeSet<>(List.of(0L, 1L, n / 2, n - 1, n, n + 5));
        for (long b : boundaries) {
            p.addAll(List.of(b - 1, b, b + 1));
        }
        p.removeIf(x -> x < 0);
        return List.copyOf(p);
    }

    @Test
    void sequenceSourceResumesAtTheNextValue() throws Exception {
        List<Long> all = new ArrayList<>();
        long[] starts = {10, 44, 77, 110};
        for (int s = 0; s < 3; s++) {
            TestingOperatorContext subtask = TestingOperatorContext.subtask(s, 3);
            List<Long> expected =
                    LongStream.range(starts[s], starts[s + 1]).boxed().toList();
            for (long at : points(expected.size(), List.of())) {
                assertEquals(expected, runAcrossARestore(() -> new SequenceSource(10, 109), subtask, at), "at " + at);
                assertEquals(
                        expected,
                        runAcrossRestores(() -> new SequenceSource(10, 109), subtask, at, 0, 3),
                        "at " + at + ", 0, 3");
            }
            all.addAll(expected);
        }
        assertEquals(LongStream.rangeClosed(10, 109).boxed().toList(), all);
    }

    @Test
    void generatorSourceResumesAtTheNextIndexAlsoWhenRateLimited() throws Exception {
        for (double rate : new double[] {0, 20_000}) {
            for (int s = 0; s < 2; s++) {
                TestingOperatorContext subtask = TestingOperatorContext.subtask(s, 2);
                List<String> expected = LongStream.range(s * 25L, s * 25L + 25)
                        .mapToObj(i -> "g" + i)
                        .toList();
                for (long at : points(25, List.of())) {
                    assertEquals(
                            expected,
                            runAcrossARestore(() -> new GeneratorSource<>(50, i -> "g" + i, rate), subtask, at),
                            "rate " + rate + ", at " + at);
                }
            }
        }
    }

    @Test
    void collectionSourceResumesAtTheNextElement() throws Exception {
        List<String> elements = List.of("a", "b", "c", "d", "e");
        for (long at = 0; at <= 6; at++) {
            assertEquals(
                    elements,
                    runAcrossARestore(() -> new CollectionSource<>(elements), TestingOperatorContext.subtask(0, 1), at),
                    "at " + at);
        }
    }

    @Test
    void fileLineSourceResumesAtTheNextLineAcrossSplits() throws Exception {
        Path file = dir.resolve("in.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            text.append("line ").append(i).append(" ").append("x".repeat(i % 7)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        text.append("the last line, without a newline");
        Files.writeString(file, text);
        List<FileSplit> splits = FileSplit.plan(file, 2);
        assertEquals(4, splits.size(), splits.toString());
        assertResumesExactly(file, splits, 30_001);
    }

    @Test
    void fileLineSourceResumesAtTheNextLineAcrossFilesOfADirectory() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a1\na2\na3\n");
        Files.writeString(dir.resolve("b.txt"), "b1");
        Files.writeString(dir.resolve("c.txt"), "c1\n\nc3\n");
        Files.writeString(dir.resolve("d.txt"), "d1\r\nd2");
        assertResumesExactly(dir, FileSplit.plan(dir, 2), 9);
    }

    /** Runs both subtasks of 2 over {@code input}, snapshotted at each line next to a split boundary. */
    private void assertResumesExactly(Path input, List<FileSplit> splits, int lines) throws Exception {
        List<String> union = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<String> expected = new ArrayList<>();
            List<Long> boundaries = new ArrayList<>();
            for (int i = s; i < splits.size(); i += 2) {
                boundaries.add((long) expected.size());
                expected.addAll(readSplit(splits.get(i)));
            }
            TestingOperatorContext subtask = TestingOperatorContext.subtask(s, 2);
            Supplier<SourceOperator<String>> source = () -> new FileLineSource(input.toString());
            for (long at : points(expected.size(), boundaries)) {
                assertEquals(expected, runAcrossARestore(source, subtask, at), "subtask " + s + ", at " + at);
                // Restored readers snapshot right away, and one line in.
                assertEquals(expected, runAcrossRestores(source, subtask, at, 0, 1, 0), "subtask " + s + ", at " + at);
            }
            union.addAll(expected);
        }
        List<String> everyLine = new ArrayList<>();
        for (FileSplit split : splits) {
            everyLine.addAll(readSplit(split));
        }
        assertEquals(lines, everyLine.size());
        assertEquals(new TreeSet<>(everyLine), new TreeSet<>(union));
        assertEquals(lines, union.size());
    }

    private static List<String> readSplit(FileSplit split) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineSplitReader r = new LineSplitReader(split)) {
            for (String line = r.nextLine(); line != null; line = r.nextLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void fileLineSourceRefusesAnInputThatChangedSinceTheCheckpoint() throws Exception {
        Path file = dir.resolve("in.txt");
        Files.writeString(file, "one\ntwo\n");
        byte[] position = TestingOperatorContext.splitList("splits", AbstractSource.encodePosition(1, 3, 0, 1, 4));
        FileLineSource source = new FileLineSource(file.toString());
        source.open(TestingOperatorContext.subtask(0, 1).restoredFrom(1, position), into(new ArrayList<>()));
        IllegalStateException e = assertThrows(IllegalStateException.class, source::run);
        assertEquals(
                "the input " + file + " changed since the checkpoint this job is restored from: it has 1 splits now,"
                        + " 3 then",
                e.getMessage());
    }

    /** A user's SourceFunction keeps no position: after a restore it starts again (at-least-once). */
    @Test
    void functionSourceStartsAgainAfterARestore() throws Exception {
        Supplier<SourceOperator<Integer>> factory = () -> new FunctionSource<>(
                new SourceFunction<Integer>() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public void run(SourceContext<Integer> context) {
                        for (int i = 0; i < 5; i++) {
                            context.collect(i);
                        }
                    }

                    @Override
                    public void cancel() {}
                },
                true);
        SourceOperator<Integer> fresh = factory.get();
        TestingOperatorContext context = TestingOperatorContext.subtask(0, 1).withCheckpointing();
        fresh.open(context, into(new ArrayList<>()));
        assertNull(context.snapshot(fresh, 1), "a SourceFunction keeps no operator state");
        assertEquals(
                List.of(0, 1, 2, 0, 1, 2, 3, 4), runAcrossARestore(factory, TestingOperatorContext.subtask(0, 1), 3));
    }

    /**
     * A generator of 1000 records at parallelism 2, each subtask snapshotted part-way, resumed at
     * parallelism 3 and at parallelism 1: every record comes exactly once across the two runs.
     */
    @Test
    void rangeSourcesResumeExactlyAtAnotherParallelism() throws Exception {
        for (int newParallelism : new int[] {1, 3}) {
            List<Long> all = new ArrayList<>();
            List<byte[]> elements = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                GeneratorSource<Long> source = new GeneratorSource<>(1000, i -> i, 0);
                TestingOperatorContext context =
                        TestingOperatorContext.subtask(s, 2).withCheckpointing();
                SnapshottingOutput<Long> output =
                        new SnapshottingOutput<>(() -> context.snapshot(source, 1), 100 + 50 * s);
                source.open(context, output);
                try {
                    source.run();
                } catch (Crash expected) {
                    // failed after the snapshot
                }
                all.addAll(output.forwardedBeforeSnapshot);
                elements.addAll(dev.spindle.state.OperatorStateSnapshot.fromBytes(output.snapshot)
                        .lists()
                        .get("splits")
                        .elements());
            }
            var old = new dev.spindle.state.OperatorStateSnapshot(java.util.Map.of(
                    "splits",
                    new dev.spindle.state.OperatorStateSnapshot.NamedList(
                            dev.spindle.state.OperatorStateSnapshot.Distribution.SPLIT, elements)));
            var assigned = dev.spindle.state.OperatorStateRedistribution.redistribute(
                    java.util.Collections.nCopies(1, old), newParallelism);
            for (int s = 0; s < newParallelism; s++) {
                GeneratorSource<Long> source = new GeneratorSource<>(1000, i -> i, 0);
                List<Long> mine = new ArrayList<>();
                source.open(
                        TestingOperatorContext.subtask(s, newParallelism)
                                .restoredFrom(1, assigned.get(s).toBytes()),
                        into(mine));
                source.run();
                assertFalse(mine.isEmpty(), "subtask " + s + " of " + newParallelism + " got nothing to read");
                all.addAll(mine);
            }
            java.util.Collections.sort(all);
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 1000; i++) {
                expected.add(i);
            }
            assertEquals(expected, all, "resumed at parallelism " + newParallelism);
        }
    }

    /** An unbounded generator (count Long.MAX_VALUE) snapshots its pieces without overflow and resumes exactly. */
    @Test
    void anUnboundedGeneratorResumesExactlyAtAnotherParallelism() throws Exception {
        GeneratorSource<Long> source = new GeneratorSource<>(Long.MAX_VALUE, i -> i, 0);
        TestingOperatorContext context = TestingOperatorContext.subtask(0, 1).withCheckpointing();
        SnapshottingOutput<Long> output = new SnapshottingOutput<>(() -> context.snapshot(source, 1), 100);
        source.open(context, output);
        try {
            source.run();
        } catch (Crash expected) {
            // failed after the snapshot
        }
        var assigned = dev.spindle.state.OperatorStateRedistribution.redistribute(
                List.of(dev.spindle.state.OperatorStateSnapshot.fromBytes(output.snapshot)), 3);
        for (int s = 0; s < 3; s++) {
            GeneratorSource<Long> restored = new GeneratorSource<>(Long.MAX_VALUE, i -> i, 0);
            List<Long> first = new ArrayList<>();
            restored.open(
                    TestingOperatorContext.subtask(s, 3)
                            .restoredFrom(1, assigned.get(s).toBytes()),
                    new Output<>() {
                        @Override
                        public void collect(Long record) {
                            first.add(record);
                            if (first.size() == 3) {
                                restored.cancel();
                            }
                        }

                        @Override
                        public void flush() {}
                    });
            restored.run();
            assertEquals(3, first.size(), "subtask " + s);
            if (s == 0) {
                assertEquals(List.of(100L, 101L, 102L), first, "the first piece starts where the snapshot was");
            }
            assertTrue(first.get(0) >= 100, "subtask " + s + " starts at " + first.get(0));
        }
    }
}
