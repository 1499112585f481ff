package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the files of a job's checkpoints and savepoints that were given up, subsumed or refused,
 * and logs instead of throwing when it cannot: a file left behind never fails the job. Kept apart
 * from the {@link CheckpointCoordinator} so that its clean-up goes one way everywhere.
 *
 * <p>Threading: the coordinator calls it on its timer thread, never under its lock (deleting
 * files may take a while).
 */
final class CheckpointCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCleaner.class);

    private final JobId jobId;
    private final CheckpointStorageAccess storage;

    CheckpointCleaner(JobId jobId, CheckpointStorageAccess storage) {
        this.jobId = jobId;
        this.storage = storage;
    }

    /** Deletes the files of checkpoint {@code id}. */
    void discard(long id) {
        try {
            storage.discard(id);
        } catch (Exception e) {
            LOG.warn("Could not delete checkpoint {} of job {}: {}", id, jobId, e.toString());
        }
    }

    /** Deletes the directory of a savepoint that failed or was refused. */
    void discardSavepoint(String location) {
        try {
            storage.discardSavepoint(location);
        } catch (Exception e) {
            LOG.warn("Could not delete the failed savepoint {} of job {}: {}", location, jobId, e.toString());
        }
    }

    /** The job ended for good: deletes every one of its checkpoints. */
    void discardAll() {
        try {
            storage.discardAll();
        } catch (Exception e) {
            LOG.warn("Could not delete the checkpoints of job {}: {}", jobId, e.toString());
        }
    }
}
