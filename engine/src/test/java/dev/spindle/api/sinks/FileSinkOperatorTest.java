package dev.spindle.api.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.operators.TestingOperatorContext;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink's part files, with and without checkpoints, on the real file system. */
class FileSinkOperatorTest {
    @TempDir
    Path dir;

    private final Map<FileSinkOperator<String>, TestingOperatorContext> contexts = new java.util.IdentityHashMap<>();

    private FileSinkOperator<String> open(TestingOperatorContext context) throws Exception {
        FileSinkOperator<String> sink = new FileSinkOperator<>(dir.toString(), WriteMode.OVERWRITE);
        sink.open(context, null);
        contexts.put(sink, context);
        return sink;
    }

    /** The sink's part of checkpoint {@code id}, as the runtime takes it; the operator state bytes. */
    private byte[] snap(FileSinkOperator<String> sink, long id) throws Exception {
        return contexts.get(sink).snapshot(sink, id);
    }

    private static void write(FileSinkOperator<String> sink, String... records) throws IOException {
        for (String r : records) {
            sink.processElement(r);
        }
    }

    /** The visible files and their contents. */
    private Map<String, String> visible() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().startsWith(".")) {
                    files.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    private List<String> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aRestoreCommitsTheRestoredCheckpointAndDiscardsWhatCameAfter() throws Exception {
        TestingOperatorContext subtask = TestingOperatorContext.subtask(0, 1);
        FileSinkOperator<String> first = new FileSinkOperator<>(dir.toString(), WriteMode.NO_OVERWRITE);
        first.initializeGlobal(1);
        TestingOperatorContext firstContext = subtask.withCheckpointing();
        first.open(firstContext, null);
        contexts.put(first, firstContext);
        write(first, "a", "b");
        snap(first, 1);
        write(first, "c");
        byte[] cp2 = snap(first, 2);
        assertEquals(Map.of(), visible());
        first.notifyCheckpointComplete(1);
        assertEquals(Map.of("part-0-0", "a\nb\n"), visible());
        assertEquals(List.of(".part-0-1.pending"), hidden());
        write(first, "d");
        snap(first, 3); // never completes
        write(first, "e");
        assertEquals(List.of(".part-0-1.pending", ".part-0-2.pending", ".part-0-3.inprogress"), hidden());
        // The process dies here: no finish, no close.

        FileSinkOperator<String> second = open(subtask.restoredFrom(2, cp2));
        assertEquals(Map.of("part-0-0", "a\nb\n", "part-0-1", "c\n"), visible());
        assertEquals(List.of(), hidden());
        write(second, "f");
        byte[] cp4 = snap(second, 4);
        write(second, "g", "h");
        second.finish();
        assertEquals(List.of(".part-0-2.pending", ".part-0-3.pending"), hidden());
        snap(second, 5); // the task's final checkpoint
        second.notifyCheckpointComplete(5); // also commits checkpoint 4's file: its notification was skipped
        second.close();
        assertEquals(
                Map.of("part-0-0", "a\nb\n", "part-0-1", "c\n", "part-0-2", "f\n", "part-0-3", "g\nh\n"), visible());
        assertEquals(List.of(), hidden());

        // A restore from checkpoint 4, whose files are committed already, deletes no committed file.
        open(subtask.restoredFrom(4, cp4)).close();
        assertEquals(4, visible().size());
        assertEquals(List.of(), hidden());
    }

    @Test
    void commitsAreIdempotentAndEmptyIntervalsLeaveNoFile() throws Exception {
        FileSinkOperator<String> sink =
                open(TestingOperatorContext.subtask(2, 3).withCheckpointing());
        snap(sink, 1); // nothing written yet
        assertEquals(List.of(), hidden());
        write(sink, "x");
        snap(sink, 2);
        snap(sink, 3); // nothing since 2
        sink.notifyCheckpointComplete(1);
        assertEquals(Map.of(), visible());
        sink.notifyCheckpointComplete(3);
        sink.notifyCheckpointComplete(3);
        sink.notifyCheckpointComplete(2);
        write(sink, "y");
        byte[] cp4 = snap(sink, 4);
        sink.notifyCheckpointComplete(4);
        sink.finish();
        snap(sink, 5);
        sink.notifyCheckpointComplete(5);
        sink.close();
        assertEquals(Map.of("part-2-0", "x\n", "part-2-1", "y\n"), visible());
        assertEquals(List.of(), hidden());

        FileSinkOperator<String> restored =
                open(TestingOperatorContext.subtask(2, 3).restoredFrom(4, cp4));
        write(restored, "z");
        restored.finish();
        snap(restored, 6);
        restored.notifyCheckpointComplete(6);
        restored.close();
        assertEquals(Map.of("part-2-0", "x\n", "part-2-1", "y\n", "part-2-2", "z\n"), visible());
    }

    @Test
    void aFreshStartDeletesOnlyItsOwnHiddenFilesAndNeverReusesACommittedName() throws Exception {
        Files.writeString(dir.resolve("part-1-4"), "committed\n");
        Files.writeString(dir.resolve(".part-1-5.pending"), "of a failed attempt\n");
        Files.writeString(dir.resolve(".part-1-6.inprogress"), "of a failed attempt\n");
        Files.writeString(dir.resolve(".part-10-0.inprogress"), "subtask 10's\n");
        Files.writeString(dir.resolve(".part-1.inprogress"), "not a checkpointed name\n");
        FileSinkOperator<String> sink =
                open(TestingOperatorContext.subtask(1, 11).withCheckpointing());
        assertEquals(List.of(".part-1.inprogress", ".part-10-0.inprogress"), hidden());
        write(sink, "new");
        sink.finish();
        snap(sink, 1);
        sink.notifyCheckpointComplete(1);
        sink.close();
        assertEquals(Map.of("part-1-4", "committed\n", "part-1-5", "new\n"), visible());
    }

    @Test
    void closeAfterAFailureDeletesTheOpenFileAndKeepsPendingOnes() throws Exception {
        FileSinkOperator<String> sink =
                open(TestingOperatorContext.subtask(0, 1).withCheckpointing());
        write(sink, "a");
        snap(sink, 1);
        write(sink, "b");
        sink.close();
        assertEquals(List.of(".part-0-0.pending"), hidden());
        assertEquals(Map.of(), visible());
    }

    @Test
    void withoutCheckpointsOnePartFileIsRenamedAtTheEnd() throws Exception {
        FileSinkOperator<String> sink = open(TestingOperatorContext.subtask(1, 2));
        write(sink, "a", "b");
        assertEquals(List.of(".part-1.inprogress"), hidden());
        sink.finish();
        sink.close();
        assertNull(snap(sink, 1), "without checkpoints the sink keeps no state");
        assertEquals(Map.of("part-1", "a\nb\n"), visible());
        assertEquals(List.of(), hidden());
    }

    @Test
    void initializeGlobalTreatsCheckpointedNamesAsPartFiles() throws Exception {
        Files.writeString(dir.resolve("part-0-3"), "old\n");
        Files.writeString(dir.resolve(".part-1-2.pending"), "old\n");
        Files.writeString(dir.resolve("notes.txt"), "kept\n");
        FileAlreadyExistsException e = assertThrows(
                FileAlreadyExistsException.class,
                () -> new FileSinkOperator<String>(dir.toString(), WriteMode.NO_OVERWRITE).initializeGlobal(2));
        assertTrue(e.getMessage().contains("WriteMode.OVERWRITE"), e.getMessage());
        new FileSinkOperator<String>(dir.toString(), WriteMode.OVERWRITE).initializeGlobal(2);
        assertEquals(Map.of("notes.txt", "kept\n"), visible());
        assertEquals(List.of(), hidden());
    }

    @Test
    void aStateOfAnotherVersionIsRefused() {
        byte[] state = TestingOperatorContext.list(
                "part-files",
                dev.spindle.state.OperatorStateSnapshot.Distribution.UNION,
                new byte[] {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        IOException e = assertThrows(
                IOException.class,
                () -> open(TestingOperatorContext.subtask(0, 1).restoredFrom(1, state)));
        assertEquals("the restored state of the file sink has version 9, not 1", e.getMessage());
    }

    /** A union list of elements as the store serialized them. */
    private static byte[] unionList(byte[]... elements) {
        return new dev.spindle.state.OperatorStateSnapshot(Map.of(
                        "part-files",
                        new dev.spindle.state.OperatorStateSnapshot.NamedList(
                                dev.spindle.state.OperatorStateSnapshot.Distribution.UNION,
                                java.util.Arrays.asList(elements))))
                .toBytes();
    }

    /**
     * Three subtasks with pending and in-progress files, restored at parallelism 2 and then 4: every
     * pending file of the checkpoint is committed exactly once, everything written after it goes,
     * and the new subtasks number their files on without overwriting a committed one.
     */
    @Test
    void aRescaledRestoreCommitsEveryOldSubtasksPendingFilesOnce() throws Exception {
        List<byte[]> elements = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
            FileSinkOperator<String> sink =
                    open(TestingOperatorContext.subtask(s, 3).withCheckpointing());
            write(sink, "s" + s + " a");
            byte[] state = snap(sink, 1);
            write(sink, "s" + s + " after"); // in progress at the failure
            var restored = dev.spindle.state.OperatorStateSnapshot.fromBytes(state);
            elements.addAll(restored.lists().get("part-files").elements());
        }
        assertEquals(
                List.of(
                        ".part-0-0.pending",
                        ".part-0-1.inprogress",
                        ".part-1-0.pending",
                        ".part-1-1.inprogress",
                        ".part-2-0.pending",
                        ".part-2-1.inprogress"),
                hidden());

        byte[] union = unionList(elements.toArray(new byte[0][]));
        List<FileSinkOperator<String>> down = new java.util.ArrayList<>();
        for (int s = 0; s < 2; s++) {
            down.add(open(TestingOperatorContext.subtask(s, 2).restoredFrom(1, union)));
        }
        assertEquals(Map.of("part-0-0", "s0 a\n", "part-1-0", "s1 a\n", "part-2-0", "s2 a\n"), visible());
        assertEquals(List.of(), hidden(), "subtask 0 of 2 took care of old subtasks 0 and 2, subtask 1 of old 1");
        write(down.get(0), "new 0");
        write(down.get(1), "new 1");
        List<byte[]> next = new java.util.ArrayList<>();
        for (FileSinkOperator<String> sink : down) {
            sink.finish();
            next.addAll(dev.spindle.state.OperatorStateSnapshot.fromBytes(snap(sink, 2))
                    .lists()
                    .get("part-files")
                    .elements());
            sink.notifyCheckpointComplete(2);
            sink.close();
        }
        assertEquals("new 0\n", visible().get("part-0-1"));
        assertEquals("new 1\n", visible().get("part-1-1"));

        byte[] union2 = unionList(next.toArray(new byte[0][]));
        for (int s = 0; s < 4; s++) {
            FileSinkOperator<String> sink =
                    open(TestingOperatorContext.subtask(s, 4).restoredFrom(2, union2));
            write(sink, "up " + s);
            sink.finish();
            snap(sink, 3);
            sink.notifyCheckpointComplete(3);
            sink.close();
        }
        assertEquals(
                Map.of(
                        "part-0-0",
                        "s0 a\n",
                        "part-1-0",
                        "s1 a\n",
                        "part-2-0",
                        "s2 a\n",
                        "part-0-1",
                        "new 0\n",
                        "part-1-1",
                        "new 1\n",
                        "part-0-2",
                        "up 0\n",
                        "part-1-2",
                        "up 1\n",
                        "part-2-1",
                        "up 2\n",
                        "part-3-0",
                        "up 3\n"),
                visible());
        assertEquals(List.of(), hidden());
    }
}
