package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint storage on the real local file system (Hadoop's raw local one). */
class CheckpointStorageTest {
    private static final String FIX = "Set state.checkpoints.dir to a directory this process can write "
            + "(file:///path or hdfs://namenode:port/path).";

    @TempDir
    Path base;

    private final JobId jobId = new JobId(0x1111L, 0x2222L);
    private CheckpointStorage storage;

    @BeforeEach
    void createStorage() throws IOException {
        storage = storageUnder(base.toUri().toString());
        storage.initialize();
    }

    private CheckpointStorage storageUnder(String directory) throws CheckpointStorageException {
        return CheckpointStorage.forJob(
                new Configuration().set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory), jobId);
    }

    private String jobDirectory() {
        return "file:" + base + "/" + jobId;
    }

    private static final String OP = "0123456789abcdef0123456789abcdef";

    private CompletedCheckpoint checkpoint(long id, StateHandle keyed) {
        return new CompletedCheckpoint(
                jobId,
                id,
                100 + id,
                200 + id,
                false,
                128,
                List.of(new TaskSnapshot(
                        3, 0, 1, 128, false, List.of(new OperatorSnapshot(OP, new byte[] {(byte) id}, keyed)))),
                null);
    }

    private StateHandle writeState(long checkpointId, String name, byte[] data) throws IOException {
        try (CheckpointStateOutputStream out = storage.createStateStream(checkpointId, name)) {
            out.write(data);
            return out.closeAndGetHandle();
        }
    }

    @Test
    void storesLoadsAndFindsACheckpoint() throws IOException {
        StateHandle keyed = writeState(3, "keyed-3-0", new byte[] {9, 8, 7});
        CompletedCheckpoint checkpoint = checkpoint(3, keyed);

        String pointer = storage.store(checkpoint);

        assertEquals(jobDirectory() + "/chk-3", pointer);
        assertEquals(pointer, storage.checkpointDirectory(3));
        assertEquals(new StateHandle(jobDirectory() + "/chk-3/keyed-3-0", 3), keyed);
        CompletedCheckpoint stored = checkpoint.withExternalPointer(pointer);
        assertEquals(stored, storage.load(pointer));
        assertEquals(stored, storage.load(pointer + "/_metadata"));
        assertEquals(Optional.of(stored), storage.findLatest());
        assertEquals(List.of(3L), storage.completedCheckpointIds());
    }

    @Test
    void writesAndReadsStateFilesLargerThanTheBuffer() throws IOException {
        byte[] data = new byte[3 * CheckpointStateOutputStream.BUFFER_SIZE + 17];
        new Random(42).nextBytes(data);
        StateHandle handle;
        try (CheckpointStateOutputStream out = storage.createStateStream(1, "big")) {
            out.write(data[0]); // one byte, then small and large writes across the buffer's end
            out.write(data, 1, 100);
            out.write(data, 101, CheckpointStateOutputStream.BUFFER_SIZE);
            out.write(
                    data,
                    101 + CheckpointStateOutputStream.BUFFER_SIZE,
                    data.length - 101 - CheckpointStateOutputStream.BUFFER_SIZE);
            handle = out.closeAndGetHandle();
        }
        assertEquals(new StateHandle(jobDirectory() + "/chk-1/big", data.length), handle);
        try (InputStream in = storage.openState(handle)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aStreamClosedWithoutItsHandleIsDeleted() throws IOException {
        Path file = base.resolve(jobId + "/chk-2/partial");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            try (CheckpointStateOutputStream out = storage.createStateStream(2, "partial")) {
                out.write(new byte[100]);
                out.flush();
                assertTrue(Files.exists(file));
                throw new IllegalStateException("snapshot failed");
            }
        });
        assertEquals("snapshot failed", failure.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void anAbandonedStreamIsDeletedAndRefusesWrites() throws IOException {
        CheckpointStateOutputStream out = storage.createStateStream(2, "abandoned");
        out.write(new byte[10]);
        out.abandon();
        out.abandon();
        assertFalse(Files.exists(base.resolve(jobId + "/chk-2/abandoned")));
        IOException e = assertThrows(IOException.class, () -> out.write(1));
        assertEquals("the state file " + jobDirectory() + "/chk-2/abandoned is closed or abandoned", e.getMessage());
        assertThrows(IOException.class, out::closeAndGetHandle);
    }

    @Test
    void refusesReservedStateFileNames() {
        for (String name : List.of("", "_metadata", ".hidden", "a/b")) {
            assertThrows(IllegalArgumentException.class, () -> storage.createStateStream(1, name), name);
        }
    }

    @Test
    void aStoreThatFailsBeforeTheRenameLeavesNoCheckpoint() throws IOException {
        CompletedCheckpoint first = checkpoint(4, null);
        storage.store(first);
        StateHandle keyed = writeState(5, "keyed", new byte[] {1});
        CheckpointStorage failing = new CheckpointStorage(storage) {
            @Override
            void commitMetadata(org.apache.hadoop.fs.Path temporary, org.apache.hadoop.fs.Path target)
                    throws IOException {
                assertTrue(Files.exists(Path.of(temporary.toUri())), "the temporary metadata is written");
                throw new IOException("disk gone");
            }
        };

        IOException e = assertThrows(IOException.class, () -> failing.store(checkpoint(5, keyed)));

        assertEquals("cannot store checkpoint 5 in " + jobDirectory() + "/chk-5", e.getMessage());
        assertEquals("disk gone", e.getCause().getMessage());
        assertEquals(List.of("keyed"), fileNames(base.resolve(jobId + "/chk-5")));
        assertThrows(FileNotFoundException.class, () -> storage.load(storage.checkpointDirectory(5)));
        assertEquals(Optional.of(first.withExternalPointer(storage.checkpointDirectory(4))), storage.findLatest());
        assertEquals(List.of(4L), storage.completedCheckpointIds());
    }

    @Test
    void findLatestSkipsDirectoriesWithoutReadableMetadata() throws IOException {
        storage.store(checkpoint(1, null));
        String second = storage.store(checkpoint(2, null));
        Path job = base.resolve(jobId.toString());
        writeState(3, "keyed", new byte[] {1}); // chk-3: state, never completed
        Files.createDirectories(job.resolve("chk-4")); // chk-4: a crash between the write and the rename
        Files.write(
                job.resolve("chk-4/_metadata.inprogress-1"), CheckpointMetadata.serialize(checkpoint(4, null), null));
        Files.createDirectories(job.resolve("chk-5")); // chk-5: garbage
        Files.write(job.resolve("chk-5/_metadata"), new byte[] {1, 2, 3});
        Files.createDirectories(job.resolve("chk-x"));
        Files.write(job.resolve("chk-9"), new byte[0]);

        assertEquals(Optional.of(checkpoint(2, null).withExternalPointer(second)), storage.findLatest());
        assertEquals(List.of(1L, 2L, 5L), storage.completedCheckpointIds());
    }

    @Test
    void findsNothingForAJobWithoutCheckpoints() throws IOException {
        assertEquals(
                Optional.empty(), storageUnder(base.resolve("other").toString()).findLatest());
        assertEquals(Optional.empty(), storage.findLatest());
    }

    @Test
    void refusesToStoreACheckpointTwice() throws IOException {
        storage.store(checkpoint(6, null));
        IOException e = assertThrows(IOException.class, () -> storage.store(checkpoint(6, null)));
        assertEquals("checkpoint 6 is stored already: " + jobDirectory() + "/chk-6/_metadata", e.getMessage());
    }

    @Test
    void discardsCheckpointsAndTheJobDirectoryIdempotently() throws IOException {
        storage.store(checkpoint(1, writeState(1, "keyed", new byte[] {1})));
        String second = storage.store(checkpoint(2, writeState(2, "keyed", new byte[] {2})));

        storage.discardCheckpoint(1);
        storage.discardCheckpoint(1);
        storage.discardCheckpoint(77);

        assertEquals(List.of("chk-2"), fileNames(base.resolve(jobId.toString())));
        assertEquals(Optional.of(storage.load(second)), storage.findLatest());
        storage.discardJobDirectory();
        storage.discardJobDirectory();
        assertFalse(Files.exists(base.resolve(jobId.toString())));
        assertEquals(Optional.empty(), storage.findLatest());
    }

    @Test
    void leavesNoChecksumFilesOnTheLocalFileSystem() throws IOException {
        storage.store(checkpoint(1, writeState(1, "keyed", new byte[1000])));
        storage.discardCheckpoint(1);
        storage.store(checkpoint(2, writeState(2, "keyed", new byte[1000])));
        try (Stream<Path> files = Files.walk(base)) {
            assertEquals(
                    List.of("_metadata", "keyed"),
                    files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .toList());
        }
    }

    @Test
    void aPathWithoutSchemeIsOnTheLocalFileSystem() throws IOException {
        assertEquals(jobDirectory(), storageUnder(base.toString()).jobDirectory());
    }

    @Test
    void defaultsToTheTemporaryDirectory() {
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toString();
        assertEquals("file:" + tmp + "/spindle-checkpoints", CheckpointStorage.baseDirectory(new Configuration()));
    }

    @Test
    void refusesAnUnwritableDirectoryInOneLine() throws IOException {
        Path readOnly = Files.createDirectory(base.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(
                    Files.isWritable(readOnly),
                    "running as root, who can write any directory: the permission check cannot be tested here");
            CheckpointStorageException e = assertThrows(
                    CheckpointStorageException.class,
                    () -> storageUnder(readOnly.toString()).initialize());
            assertEquals(
                    "Cannot use the checkpoint directory file:" + readOnly + "/" + jobId
                            + ": it is not writable (permission denied in file:" + readOnly + "). " + FIX,
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void refusesAFileInTheWayInOneLine() throws IOException {
        Path file = Files.write(base.resolve("a-file"), new byte[] {1});
        CheckpointStorageException e = assertThrows(
                CheckpointStorageException.class,
                () -> storageUnder(file + "/checkpoints").initialize());
        assertEquals(
                "Cannot use the checkpoint directory file:" + file + "/checkpoints/" + jobId + ": file:" + file
                        + " is a file, not a directory. " + FIX,
                e.getMessage());
    }

    @Test
    void refusesAnUnknownSchemeInOneLine() {
        CheckpointStorageException e =
                assertThrows(CheckpointStorageException.class, () -> storageUnder("nosuchfs://host/checkpoints"));
        assertEquals(
                "Cannot use the checkpoint directory nosuchfs://host/checkpoints: no Hadoop file system for the "
                        + "scheme 'nosuchfs' (No FileSystem for scheme \"nosuchfs\"). " + FIX,
                e.getMessage());
    }

    @Test
    void readsHadoopsSiteFilesFromTheClasspath() throws IOException {
        Path conf = Files.createDirectory(base.resolve("conf"));
        Files.writeString(conf.resolve("core-site.xml"), site("spindle.test.core", "c"));
        Files.writeString(conf.resolve("hdfs-site.xml"), site("spindle.test.hdfs", "h"));
        Files.writeString(conf.resolve("yarn-site.xml"), site("spindle.test.shipped", "y"));
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {conf.toUri().toURL()}, original)) {
            thread.setContextClassLoader(loader);
            org.apache.hadoop.conf.Configuration hadoop = HadoopFileSystems.configuration(Map.of());
            assertEquals(
                    List.of("c", "h", "y"),
                    Stream.of("spindle.test.core", "spindle.test.hdfs", "spindle.test.shipped")
                            .map(hadoop::get)
                            .toList());
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void readsHadoopsSiteFilesFromHadoopConfDir() throws IOException {
        Path conf = Files.createDirectory(base.resolve("hadoop-conf"));
        Files.writeString(conf.resolve("core-site.xml"), site("fs.defaultFS", "hdfs://namenode:8020"));
        Files.writeString(conf.resolve("hdfs-site.xml"), site("dfs.nameservices", "cluster1"));
        org.apache.hadoop.conf.Configuration hadoop =
                HadoopFileSystems.configuration(Map.of("HADOOP_CONF_DIR", conf.toString()));
        assertEquals("hdfs://namenode:8020", hadoop.get("fs.defaultFS"));
        assertEquals("cluster1", hadoop.get("dfs.nameservices"));
        assertEquals("file:///", HadoopFileSystems.configuration(Map.of()).get("fs.defaultFS"));
    }

    private static String site(String key, String value) {
        return "<configuration><property><name>" + key + "</name><value>" + value
                + "</value></property></configuration>";
    }

    @Test
    void refusesAnotherJobsCheckpoint() {
        CompletedCheckpoint other = new CompletedCheckpoint(new JobId(1, 2), 1, 1, 1, false, 1, List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> storage.store(other));
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSavepointDirectoryIsMadeUnderItsTargetAndAFileInTheWayIsNamed() throws IOException {
        String location = storage.createSavepointLocation(
                base.resolve("savepoints").toUri().toString());
        assertTrue(
                location.matches(
                        "file:.*/savepoints/savepoint-" + jobId.toString().substring(0, 6) + "-[0-9a-f]{12}"),
                location);
        assertTrue(Files.isDirectory(Path.of(java.net.URI.create(location))), location);
        assertEquals(List.of(), fileNames(Path.of(java.net.URI.create(location))), "the write probe is gone");

        Files.writeString(base.resolve("blocker"), "a file");
        IOException e = assertThrows(
                IOException.class,
                () -> storage.createSavepointLocation(
                        base.resolve("blocker").toUri().toString()));
        assertTrue(e.getMessage().contains("blocker is a file, not a directory"), e.getMessage());
    }
}
