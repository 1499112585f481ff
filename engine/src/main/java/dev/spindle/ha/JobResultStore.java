package dev.spindle.ha;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.util.Set;

/**
 * Where a cluster records the jobs that reached a globally terminal state, so that their cleanup is
 * repeatable and they are never run twice. An entry is written <em>dirty</em> before the job's
 * resources are cleaned up and marked <em>clean</em> once every cleanup step has succeeded. A
 * JobManager that recovers a job first asks here: a job with an entry is not run again; a dirty
 * entry means only its cleanup is to be run (again).
 *
 * <p>Implementations are safe for use by several threads. Every method may block on I/O.
 */
public interface JobResultStore {

    /**
     * Records {@code entry} as dirty.
     *
     * @throws IllegalStateException if the store already has an entry (dirty or clean) for the job
     */
    void createDirtyResult(JobResultEntry entry) throws IOException;

    /**
     * Marks the dirty entry of {@code jobId} clean (or deletes it, where the store is configured so:
     * {@code job-result-store.delete-on-commit}). Marking an already clean entry clean does nothing.
     *
     * @throws java.util.NoSuchElementException if the store has no entry for the job
     */
    void markResultAsClean(JobId jobId) throws IOException;

    /** Whether the store has a dirty or a clean entry for {@code jobId}. */
    default boolean hasJobResultEntry(JobId jobId) throws IOException {
        return hasDirtyJobResultEntry(jobId) || hasCleanJobResultEntry(jobId);
    }

    boolean hasDirtyJobResultEntry(JobId jobId) throws IOException;

    boolean hasCleanJobResultEntry(JobId jobId) throws IOException;

    /** The dirty entries: jobs whose cleanup is still to be done. */
    Set<JobResultEntry> getDirtyResults() throws IOException;

    /**
     * The entry of {@code jobId}, dirty or clean, where the store keeps it: how the job ended. Empty
     * without an entry, and for a clean one whose content the store does not keep.
     */
    default java.util.Optional<JobResultEntry> entry(JobId jobId) throws IOException {
        return getDirtyResults().stream().filter(e -> e.jobId().equals(jobId)).findFirst();
    }

    /** Deletes every entry and the store's directory: its cluster ended for good and its id is never used again. */
    default void deleteAll() throws IOException {}
}
