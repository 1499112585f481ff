package dev.spindle.ha;

import java.io.IOException;
import java.util.SortedMap;

/**
 * Where a job's completed checkpoints are, by id, kept so that the next leader resumes from the
 * latest. A pointer is the fully qualified path of a checkpoint's directory or {@code _metadata}
 * file; the checkpoint files stay where the checkpoint storage wrote them. Safe for use by several
 * threads.
 */
public interface CheckpointPointerStore {

    /**
     * Records checkpoint {@code checkpointId} at {@code pointer} (replacing an earlier pointer of the
     * same id).
     *
     * @throws LeadershipLostException if this process does not lead (fenced)
     */
    void add(long checkpointId, String pointer) throws IOException;

    /**
     * Forgets checkpoint {@code checkpointId}; forgetting an unknown one does nothing.
     *
     * @throws LeadershipLostException if this process does not lead (fenced)
     */
    void remove(long checkpointId) throws IOException;

    /** Every recorded checkpoint, by ascending id. */
    SortedMap<Long, String> all() throws IOException;

    /**
     * Forgets every checkpoint of the job (idempotent).
     *
     * @throws LeadershipLostException if this process does not lead (fenced)
     */
    void removeAll() throws IOException;
}
