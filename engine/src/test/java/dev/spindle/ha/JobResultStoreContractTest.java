package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link JobResultStore} does; each implementation's test extends this class. */
abstract class JobResultStoreContractTest {

    static final JobResultEntry FINISHED =
            new JobResultEntry(new JobId(0x11L, 0x22L), "word count", JobStatus.FINISHED, 1000L, 2000L, null);
    static final JobResultEntry FAILED = new JobResultEntry(
            new JobId(0x33L, 0x44L), "etl \"nightly\"", JobStatus.FAILED, 3000L, 4000L, "boom: ä\nsecond line");

    /** A new, empty store. */
    abstract JobResultStore store() throws Exception;

    @Test
    void aNewStoreHasNoEntries() throws Exception {
        JobResultStore store = store();
        assertEquals(Set.of(), store.getDirtyResults());
        assertFalse(store.hasJobResultEntry(FINISHED.jobId()));
        assertFalse(store.hasDirtyJobResultEntry(FINISHED.jobId()));
        assertFalse(store.hasCleanJobResultEntry(FINISHED.jobId()));
    }

    @Test
    void aDirtyEntryIsReadBackWithEveryField() throws Exception {
        JobResultStore store = store();
        store.createDirtyResult(FINISHED);
        store.createDirtyResult(FAILED);
        assertEquals(Set.of(FINISHED, FAILED), store.getDirtyResults());
        assertTrue(store.hasDirtyJobResultEntry(FAILED.jobId()));
        assertFalse(store.hasCleanJobResultEntry(FAILED.jobId()));
        assertTrue(store.hasJobResultEntry(FAILED.jobId()));
    }

    @Test
    void aSecondEntryForTheSameJobIsRefusedDirtyOrClean() throws Exception {
        JobResultStore store = store();
        store.createDirtyResult(FINISHED);
        assertThrows(IllegalStateException.class, () -> store.createDirtyResult(FINISHED));
        store.markResultAsClean(FINISHED.jobId());
        if (store.hasCleanJobResultEntry(FINISHED.jobId())) {
            assertThrows(IllegalStateException.class, () -> store.createDirtyResult(FINISHED));
        }
    }

    @Test
    void markingCleanRemovesTheDirtyEntryAndIsIdempotent() throws Exception {
        JobResultStore store = store();
        store.createDirtyResult(FINISHED);
        store.createDirtyResult(FAILED);
        store.markResultAsClean(FINISHED.jobId());
        assertEquals(Set.of(FAILED), store.getDirtyResults());
        assertFalse(store.hasDirtyJobResultEntry(FINISHED.jobId()));
        if (store.hasCleanJobResultEntry(FINISHED.jobId())) {
            store.markResultAsClean(FINISHED.jobId()); // clean already: nothing happens
            assertTrue(store.hasCleanJobResultEntry(FINISHED.jobId()));
        }
    }

    @Test
    void markingAnUnknownJobCleanIsRefused() throws Exception {
        JobResultStore store = store();
        assertThrows(NoSuchElementException.class, () -> store.markResultAsClean(new JobId(7, 7)));
    }

    @Test
    void ofConcurrentCreationsOfOneJobExactlyOneWins() throws Exception {
        JobResultStore store = store();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> create = () -> {
                    start.await();
                    try {
                        store.createDirtyResult(FINISHED);
                        return true;
                    } catch (IllegalStateException refused) {
                        return false;
                    }
                };
                outcomes.add(pool.submit(create));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertEquals(1, winners);
            assertEquals(Set.of(FINISHED), store.getDirtyResults());
        } finally {
            pool.shutdownNow();
        }
    }
}
