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

    private FileSinkOperator<String> open(TestingOperatorContext context) throws Exception {
        FileSinkOperator<String> sink = new FileSinkOperator<>(dir.toString(), WriteMode.OVERWRITE);
        sink.open(context, null);
        return sink;
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
        first.open(subtask.withCheckpointing(), null);
        write(first, "a", "b");
        first.snapshotState(1);
        write(first, "c");
        byte[] cp2 = first.snapshotState(2);
        assertEquals(Map.of(), visible());
        first.notifyCheckpointComplete(1);
        assertEquals(Map.of("part-0-0", "a\nb\n"), visible());
        assertEquals(List.of(".part-0-1.pending"), hidden());
        write(first, "d");
        first.snapshotState(3); // never completes
        write(first, "e");
        assertEquals(List.of(".part-0-1.pending", ".part-0-2.pending", ".part-0-3.inprogress"), hidden());
        // The process dies here: no finish, no close.

        FileSinkOperator<String> second = open(subtask.restoredFrom(2, cp2));
        assertEquals(Map.of("part-0-0", "a\nb\n", "part-0-1", "c\n"), visible());
        assertEquals(List.of(), hidden());
        write(second, "f");
        byte[] cp4 = second.snapshotState(4);
        write(second, "g", "h");
        second.finish();
        assertEquals(List.of(".part-0-2.pending", ".part-0-3.pending"), hidden());
        second.snapshotState(5); // the task's final checkpoint
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
        sink.snapshotState(1); // nothing written yet
        assertEquals(List.of(), hidden());
        write(sink, "x");
        sink.snapshotState(2);
        sink.snapshotState(3); // nothing since 2
        sink.notifyCheckpointComplete(1);
        assertEquals(Map.of(), visible());
        sink.notifyCheckpointComplete(3);
        sink.notifyCheckpointComplete(3);
        sink.notifyCheckpointComplete(2);
        write(sink, "y");
        byte[] cp4 = sink.snapshotState(4);
        sink.notifyCheckpointComplete(4);
        sink.finish();
        sink.snapshotState(5);
        sink.notifyCheckpointComplete(5);
        sink.close();
        assertEquals(Map.of("part-2-0", "x\n", "part-2-1", "y\n"), visible());
        assertEquals(List.of(), hidden());

        FileSinkOperator<String> restored =
                open(TestingOperatorContext.subtask(2, 3).restoredFrom(4, cp4));
        write(restored, "z");
        restored.finish();
        restored.snapshotState(6);
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
        sink.snapshotState(1);
        sink.notifyCheckpointComplete(1);
        sink.close();
        assertEquals(Map.of("part-1-4", "committed\n", "part-1-5", "new\n"), visible());
    }

    @Test
    void closeAfterAFailureDeletesTheOpenFileAndKeepsPendingOnes() throws Exception {
        FileSinkOperator<String> sink =
                open(TestingOperatorContext.subtask(0, 1).withCheckpointing());
        write(sink, "a");
        sink.snapshotState(1);
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
        assertNull(sink.snapshotState(1));
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
        byte[] state = {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        IOException e = assertThrows(
                IOException.class,
                () -> open(TestingOperatorContext.subtask(0, 1).restoredFrom(1, state)));
        assertEquals("the restored state of the file sink has version 9, not 1", e.getMessage());
    }
}
