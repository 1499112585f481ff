package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobResultStoresTest {
    @TempDir
    Path base;

    private static Configuration ha() {
        return new Configuration().set(HighAvailabilityOptions.TYPE, "ZooKeeper");
    }

    @Test
    void withoutHighAvailabilityTheStoreIsInMemory() {
        assertInstanceOf(InMemoryJobResultStore.class, JobResultStores.create(new Configuration(), "c1"));
    }

    @Test
    void withHighAvailabilityTheStoreIsUnderTheStorageDirPerCluster() {
        Configuration config =
                ha().set(HighAvailabilityOptions.STORAGE_DIR, base.toUri().toString());
        FileSystemJobResultStore store =
                assertInstanceOf(FileSystemJobResultStore.class, JobResultStores.create(config, "application_1_0001"));
        assertEquals("file:" + base + "/job-result-store/application_1_0001", store.directory());
        assertTrue(store.deleteOnCommit());
        assertFalse(Files.exists(base.resolve("job-result-store")), "touches no file");
    }

    @Test
    void theStoragePathOptionWinsAndDeleteOnCommitIsPassedOn() {
        Configuration config = ha().set(HighAvailabilityOptions.STORAGE_DIR, "/not/used")
                .set(CleanupOptions.JOB_RESULT_STORE_PATH, base.resolve("jrs").toString())
                .set(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT, false);
        FileSystemJobResultStore store =
                assertInstanceOf(FileSystemJobResultStore.class, JobResultStores.create(config, "c1"));
        assertEquals("file:" + base + "/jrs", store.directory());
        assertFalse(store.deleteOnCommit());
    }

    @Test
    void highAvailabilityWithoutAStorageDirIsAClearError() {
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> JobResultStores.create(ha(), "c1"));
        assertEquals(
                "high-availability.storageDir is not set, and high availability keeps the job results there. Set "
                        + "high-availability.storageDir to a directory every JobManager reaches "
                        + "(hdfs://namenode:port/path, or file:///path on one machine), or set "
                        + "job-result-store.storage-path.",
                e.getMessage());
    }

    @Test
    void aStoragePathWithoutFileSystemIsAClearError() {
        Configuration config = ha().set(CleanupOptions.JOB_RESULT_STORE_PATH, "nosuchscheme://x/y");
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> JobResultStores.create(config, "c1"));
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid job-result-store.storage-path: cannot use nosuchscheme://x/y for "
                                + "the job result store: no Hadoop file system for the scheme 'nosuchscheme'"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(". Set job-result-store.storage-path to a directory every JobManager "
                                + "reaches (hdfs://namenode:port/path, or file:///path on one machine)."),
                e.getMessage());
    }
}
