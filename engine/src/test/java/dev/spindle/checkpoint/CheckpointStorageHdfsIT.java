package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint storage on HDFS: a MiniDFSCluster with one DataNode, started once for the class, and
 * the storage's whole cycle through its API, with state files written from other threads as tasks do.
 */
class CheckpointStorageHdfsIT {
    private static MiniDFSCluster hdfs;
    private static org.apache.hadoop.conf.Configuration hadoopConf;
    private static String root;

    @BeforeAll
    static void startHdfs() throws IOException {
        hadoopConf = new org.apache.hadoop.conf.Configuration();
        hadoopConf.setInt("dfs.replication", 1);
        // under target/, not relative to whoever's working directory
        File base = new File("target/minidfs-checkpoints").getAbsoluteFile();
        hdfs = new MiniDFSCluster.Builder(hadoopConf, base).numDataNodes(1).build();
        hdfs.waitActive();
        root = hdfs.getFileSystem().getUri().toString();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    /** The keyed count of {@link LocalRecoveryTest}, failing once, with its checkpoints on HDFS. */
    @Test
    void aJobWithCheckpointsOnHdfsRecoversExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String checkpoints = root + "/job-checkpoints";
        dev.spindle.runtime.local.LocalJobRunner job =
                LocalRecoveryTest.runFailingOnce(dir, dir.resolve("out"), checkpoints, 8_000);
        LocalRecoveryTest.assertRecoveredExactly(job, dir, dir.resolve("out"));
        CheckpointStats stats = job.jobMaster().checkpointStats();
        assertTrue(
                stats.restored().externalPath().startsWith(root + "/job-checkpoints/" + job.getJobId() + "/chk-"),
                stats.restored().externalPath());
        // The job finished: its checkpoints are deleted from HDFS (on the job's timer thread).
        org.apache.hadoop.fs.Path jobDir = new org.apache.hadoop.fs.Path(checkpoints + "/" + job.getJobId());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (hdfs.getFileSystem().exists(jobDir) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(hdfs.getFileSystem().exists(jobDir), "the finished job's checkpoints are deleted");
    }

    private static CheckpointStorage storage(String directory, JobId jobId) throws CheckpointStorageException {
        Configuration config = new Configuration().set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory);
        return CheckpointStorage.forJob(config, jobId, hadoopConf);
    }

    private static StateHandle writeState(CheckpointStorage storage, long checkpointId, String name, byte[] data)
            throws IOException {
        try (CheckpointStateOutputStream out = storage.createStateStream(checkpointId, name)) {
            out.write(data);
            return out.closeAndGetHandle();
        }
    }

    /** Writes two subtasks' state files on two threads and completes checkpoint {@code id} with them. */
    private static CompletedCheckpoint checkpoint(CheckpointStorage storage, long id)
            throws ExecutionException, InterruptedException {
        List<CompletableFuture<TaskSnapshot>> tasks = List.of(0, 1).stream()
                .map(subtask -> CompletableFuture.supplyAsync(() -> {
                    try {
                        StateHandle keyed = writeState(storage, id, "keyed-" + subtask, stateBytes(id, subtask));
                        byte[] position = {(byte) id, subtask.byteValue()};
                        return new TaskSnapshot(
                                4,
                                subtask,
                                2,
                                128,
                                false,
                                List.of(new OperatorSnapshot("0123456789abcdef0123456789abcdef", position, keyed)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .toList();
        List<TaskSnapshot> snapshots =
                tasks.stream().map(CompletableFuture::join).toList();
        return new CompletedCheckpoint(storage.jobId(), id, 10 * id, 10 * id + 5, false, 128, snapshots, null);
    }

    private static byte[] stateBytes(long id, int subtask) {
        byte[] bytes = new byte[200_000 + subtask];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + id + subtask);
        }
        return bytes;
    }

    @Test
    void storesFindsLoadsAndDiscardsCheckpointsOnHdfs() throws Exception {
        JobId jobId = new JobId(0xABCL, 0xDEFL);
        CheckpointStorage storage = storage(root + "/checkpoints", jobId);
        storage.initialize();
        String jobDirectory = root + "/checkpoints/" + jobId;
        assertEquals(jobDirectory, storage.jobDirectory());

        storage.store(checkpoint(storage, 1));
        CompletedCheckpoint second = checkpoint(storage, 2);
        String pointer = storage.store(second);
        writeState(storage, 3, "keyed-0", new byte[] {1}); // checkpoint 3 never completes

        assertEquals(jobDirectory + "/chk-2", pointer);
        CompletedCheckpoint latest = storage.findLatest().orElseThrow();
        assertEquals(second.withExternalPointer(pointer), latest);
        assertEquals(latest, storage.load(pointer + "/_metadata"));
        for (TaskSnapshot task : latest.tasks()) {
            StateHandle handle = task.stateFiles().get(0);
            assertEquals(
                    new StateHandle(pointer + "/keyed-" + task.subtaskIndex(), 200_000 + task.subtaskIndex()), handle);
            try (InputStream in = storage.openState(handle)) {
                assertArrayEquals(stateBytes(2, task.subtaskIndex()), in.readAllBytes());
            }
        }
        assertEquals(List.of(1L, 2L), storage.completedCheckpointIds());

        FileSystem fs = hdfs.getFileSystem();
        storage.discardCheckpoint(1);
        storage.discardCheckpoint(3);
        storage.discardCheckpoint(3);
        assertFalse(fs.exists(new Path(jobDirectory + "/chk-1")));
        assertFalse(fs.exists(new Path(jobDirectory + "/chk-3")));
        assertEquals(Optional.of(latest), storage.findLatest());

        storage.discardJobDirectory();
        storage.discardJobDirectory();
        assertFalse(fs.exists(new Path(jobDirectory)));
        assertEquals(Optional.empty(), storage.findLatest());
    }

    @Test
    void refusesADirectoryTheUserCannotWriteInOneLine() throws Exception {
        FileSystem fs = hdfs.getFileSystem();
        Path restricted = new Path("/restricted");
        assertTrue(fs.mkdirs(restricted, new FsPermission((short) 0755)));
        JobId jobId = new JobId(1, 2);
        UserGroupInformation alice = UserGroupInformation.createRemoteUser("alice");

        CheckpointStorageException e = assertThrows(
                CheckpointStorageException.class,
                () -> alice.doAs((PrivilegedExceptionAction<Void>) () -> {
                    storage(root + "/restricted", jobId).initialize();
                    return null;
                }));

        assertEquals(
                "Cannot use the checkpoint directory " + root + "/restricted/" + jobId
                        + ": it is not writable (permission denied in " + root + "/restricted). Set "
                        + "state.checkpoints.dir to a directory this process can write (file:///path or "
                        + "hdfs://namenode:port/path).",
                e.getMessage());
    }
}
