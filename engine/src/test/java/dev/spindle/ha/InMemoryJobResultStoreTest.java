package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InMemoryJobResultStoreTest extends JobResultStoreContractTest {

    @Override
    JobResultStore store() {
        return new InMemoryJobResultStore();
    }

    @Test
    void keepsCleanEntriesSoTheJobIdIsNotRunAgain() throws Exception {
        JobResultStore store = store();
        store.createDirtyResult(FINISHED);
        store.markResultAsClean(FINISHED.jobId());
        assertTrue(store.hasCleanJobResultEntry(FINISHED.jobId()));
        assertThrows(IllegalStateException.class, () -> store.createDirtyResult(FINISHED));
    }
}
