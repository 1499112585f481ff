package dev.spindle.ha;

import dev.spindle.core.JobId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The {@link JobResultStore} of a cluster without high availability: its entries live as long as
 * the JobManager process, which is as long as its jobs' resources would be retried anyway. Clean
 * entries are kept (they are small), so that the same process refuses to run a finished job id
 * again, whatever {@code job-result-store.delete-on-commit} says.
 *
 * <p>Thread-safe.
 */
public final class InMemoryJobResultStore implements JobResultStore {
    private final Map<JobId, JobResultEntry> dirty = new HashMap<>();
    private final Set<JobId> clean = new HashSet<>();

    @Override
    public synchronized void createDirtyResult(JobResultEntry entry) {
        if (dirty.containsKey(entry.jobId()) || clean.contains(entry.jobId())) {
            throw new IllegalStateException("the job result store has an entry for job " + entry.jobId() + " already");
        }
        dirty.put(entry.jobId(), entry);
    }

    @Override
    public synchronized void markResultAsClean(JobId jobId) {
        if (dirty.remove(jobId) != null) {
            clean.add(jobId);
        } else if (!clean.contains(jobId)) {
            throw new NoSuchElementException("the job result store has no entry for job " + jobId);
        }
    }

    @Override
    public synchronized boolean hasDirtyJobResultEntry(JobId jobId) {
        return dirty.containsKey(jobId);
    }

    @Override
    public synchronized boolean hasCleanJobResultEntry(JobId jobId) {
        return clean.contains(jobId);
    }

    @Override
    public synchronized Set<JobResultEntry> getDirtyResults() {
        return Set.copyOf(dirty.values());
    }

    @Override
    public String toString() {
        return "job result store in memory";
    }
}
