package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-system store on the real local file system (Hadoop's raw local one). */
class FileSystemJobResultStoreTest extends JobResultStoreContractTest {
    private static final String FINISHED_JSON = "{\"version\":1,\"jobId\":\"00000000000000110000000000000022\","
            + "\"jobName\":\"word count\",\"status\":\"FINISHED\",\"startTime\":1000,\"endTime\":2000,"
            + "\"failureMessage\":null}";

    @TempDir
    Path base;

    private Path directory() {
        return base.resolve("job-result-store");
    }

    @Override
    FileSystemJobResultStore store() throws IOException {
        return store(true);
    }

    private FileSystemJobResultStore store(boolean deleteOnCommit) throws IOException {
        return FileSystemJobResultStore.open(directory().toUri().toString(), deleteOnCommit);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path dirtyFile(JobId jobId) {
        return directory().resolve(jobId + "_DIRTY.json");
    }

    @Test
    void writesOneVersionedJsonFilePerEntryCreatingTheDirectory() throws IOException {
        FileSystemJobResultStore store = store();
        assertFalse(Files.exists(directory()));
        assertEquals("file:" + directory(), store.directory());
        store.createDirtyResult(FINISHED);
        assertEquals(List.of("00000000000000110000000000000022_DIRTY.json"), files());
        assertEquals(FINISHED_JSON, Files.readString(dirtyFile(FINISHED.jobId())));
    }

    @Test
    void anotherInstanceReadsTheEntriesBack() throws IOException {
        store().createDirtyResult(FINISHED);
        store().createDirtyResult(FAILED);
        FileSystemJobResultStore recovered = store();
        assertEquals(Set.of(FINISHED, FAILED), recovered.getDirtyResults());
        assertThrows(IllegalStateException.class, () -> recovered.createDirtyResult(FAILED));
    }

    @Test
    void deleteOnCommitDeletesTheEntry() throws IOException {
        FileSystemJobResultStore store = store(true);
        store.createDirtyResult(FINISHED);
        store.markResultAsClean(FINISHED.jobId());
        assertEquals(List.of(), files());
        assertFalse(store.hasJobResultEntry(FINISHED.jobId()));
    }

    @Test
    void withoutDeleteOnCommitTheEntryIsRenamedClean() throws IOException {
        FileSystemJobResultStore store = store(false);
        store.createDirtyResult(FINISHED);
        store.markResultAsClean(FINISHED.jobId());
        assertEquals(List.of("00000000000000110000000000000022.json"), files());
        assertEquals(FINISHED_JSON, Files.readString(directory().resolve(FINISHED.jobId() + ".json")));
        assertTrue(store.hasCleanJobResultEntry(FINISHED.jobId()));
        assertFalse(store.hasDirtyJobResultEntry(FINISHED.jobId()));
        store.markResultAsClean(FINISHED.jobId());
        assertThrows(IllegalStateException.class, () -> store.createDirtyResult(FINISHED));
        assertEquals(Set.of(), store.getDirtyResults());
    }

    @Test
    void aFileThatIsNotJsonFailsTheReadNamingIt() throws IOException {
        FileSystemJobResultStore store = store();
        store.createDirtyResult(FAILED);
        Files.writeString(dirtyFile(FINISHED.jobId()), "{\"version\":1,");
        IOException e = assertThrows(IOException.class, store::getDirtyResults);
        assertTrue(
                e.getMessage()
                        .startsWith("The job result file file:" + dirtyFile(FINISHED.jobId()) + " is not valid JSON: "),
                e.getMessage());
    }

    @Test
    void anUnknownVersionFailsTheReadNamingTheFileAndTheVersion() throws IOException {
        FileSystemJobResultStore store = store();
        Files.createDirectories(directory());
        Files.writeString(dirtyFile(FINISHED.jobId()), FINISHED_JSON.replace("\"version\":1", "\"version\":2"));
        IOException e = assertThrows(IOException.class, store::getDirtyResults);
        assertEquals(
                "The job result file file:" + dirtyFile(FINISHED.jobId()) + " has version 2, which this Spindle "
                        + "cannot read (it reads version 1): it was written by another release",
                e.getMessage());
    }

    @Test
    void aMissingOrWrongFieldFailsTheReadNamingTheField() throws IOException {
        FileSystemJobResultStore store = store();
        Files.createDirectories(directory());
        Path file = dirtyFile(FINISHED.jobId());
        Files.writeString(file, FINISHED_JSON.replace("\"status\":\"FINISHED\",", ""));
        assertEquals(
                "The job result file file:" + file + " is not a job result: the field 'status' is missing or not a "
                        + "string",
                assertThrows(IOException.class, store::getDirtyResults).getMessage());
        Files.writeString(file, FINISHED_JSON.replace("FINISHED", "RUNNING"));
        assertEquals(
                "The job result file file:" + file + " is not a job result: a job result needs a terminal status, "
                        + "not RUNNING",
                assertThrows(IOException.class, store::getDirtyResults).getMessage());
        Files.writeString(file, "[1]");
        assertEquals(
                "The job result file file:" + file + " does not hold a JSON object",
                assertThrows(IOException.class, store::getDirtyResults).getMessage());
    }

    @Test
    void aFileRenamedToAnotherJobIdFailsTheRead() throws IOException {
        FileSystemJobResultStore store = store();
        store.createDirtyResult(FINISHED);
        Path renamed = dirtyFile(FAILED.jobId());
        Files.move(dirtyFile(FINISHED.jobId()), renamed);
        assertEquals(
                "The job result file file:" + renamed + " holds the result of another job, " + FINISHED.jobId()
                        + ": a file was renamed by hand",
                assertThrows(IOException.class, store::getDirtyResults).getMessage());
    }

    @Test
    void aLeftoverTemporaryFileIsIgnoredAndDeleted() throws IOException {
        FileSystemJobResultStore store = store();
        store.createDirtyResult(FINISHED);
        Path leftover = directory().resolve("." + FAILED.jobId() + "_DIRTY.json.0a1b.tmp");
        Files.writeString(leftover, "{\"version\":1,\"jobId\":");
        assertEquals(Set.of(FINISHED), store.getDirtyResults());
        assertFalse(Files.exists(leftover));
        assertFalse(store.hasJobResultEntry(FAILED.jobId()));
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsAClearError() throws IOException {
        Files.writeString(directory(), "not a directory");
        FileSystemJobResultStore store = store();
        assertEquals(
                "cannot read the job result store file:" + directory() + ": it is a file, not a directory",
                assertThrows(IOException.class, store::getDirtyResults).getMessage());
        assertEquals(
                "cannot create the job result store file:" + directory() + ": file:" + directory()
                        + " is a file, not a directory",
                assertThrows(IOException.class, () -> store.createDirtyResult(FINISHED))
                        .getMessage());
    }

    @Test
    void aDirectoryInPlaceOfTheCleanEntryFailsTheMarkingUntilItIsRemoved() throws IOException {
        FileSystemJobResultStore store = store(false);
        store.createDirtyResult(FINISHED);
        Path blocker = Files.createDirectory(directory().resolve(FINISHED.jobId() + ".json"));
        IOException e = assertThrows(IOException.class, () -> store.markResultAsClean(FINISHED.jobId()));
        assertEquals(
                "cannot mark the job result of job " + FINISHED.jobId() + " clean: file:" + blocker + " is in the way "
                        + "(a directory, or a clean entry next to the dirty one file:" + dirtyFile(FINISHED.jobId())
                        + ")",
                e.getMessage());
        assertTrue(store.hasDirtyJobResultEntry(FINISHED.jobId()));
        Files.delete(blocker);
        store.markResultAsClean(FINISHED.jobId());
        assertEquals(List.of(FINISHED.jobId() + ".json"), files());
    }

    @Test
    void anUnwritableDirectoryFailsTheWriteNamingIt() throws IOException {
        Files.createDirectories(directory());
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(
                    Files.isWritable(directory()),
                    "running as root, who can write any directory: the permission check cannot be tested here");
            IOException e = assertThrows(IOException.class, () -> store().createDirtyResult(FINISHED));
            assertTrue(
                    e.getMessage()
                            .startsWith("cannot write the job result of job " + FINISHED.jobId() + " to file:"
                                    + dirtyFile(FINISHED.jobId()) + ": it is not writable"),
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDirectoryThatIsNoPathIsRefusedAtOpen() {
        IOException e =
                assertThrows(IOException.class, () -> FileSystemJobResultStore.open("nosuchscheme://x/y", true));
        assertTrue(
                e.getMessage()
                        .startsWith("cannot use nosuchscheme://x/y for the job result store: no Hadoop file "
                                + "system for the scheme 'nosuchscheme'"),
                e.getMessage());
    }

    @Test
    void theFileIsUtf8() throws IOException {
        FileSystemJobResultStore store = store();
        store.createDirtyResult(FAILED);
        String json = new String(Files.readAllBytes(dirtyFile(FAILED.jobId())), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"failureMessage\":\"boom: ä\\nsecond line\""), json);
    }
}
