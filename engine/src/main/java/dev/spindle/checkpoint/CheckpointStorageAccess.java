package dev.spindle.checkpoint;

import java.io.IOException;

/** What the checkpoint coordinator needs of the checkpoint storage of its job. */
public interface CheckpointStorageAccess {

    /**
     * Makes a completed checkpoint durable and visible (atomically: a checkpoint is either there
     * with all its metadata or not at all); returns its external pointer.
     */
    String store(CompletedCheckpoint checkpoint) throws IOException;

    /** Deletes a checkpoint's directory and everything in it; a missing one is fine. */
    void discard(long checkpointId) throws IOException;

    /** Deletes every checkpoint of the job, and its directory. */
    void discardAll() throws IOException;

    /** Makes a completed savepoint durable in its directory, as {@link #store} does; returns the directory. */
    String storeSavepoint(CompletedCheckpoint savepoint, String location) throws IOException;

    /** Deletes the directory of a savepoint that did not complete. */
    void discardSavepoint(String location) throws IOException;
}
