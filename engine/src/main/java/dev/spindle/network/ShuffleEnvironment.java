package dev.spindle.network;

import dev.spindle.core.JobId;
import java.io.IOException;

/**
 * Creates the exchanges of the tasks that run in one process: result partitions for their
 * outputs and input gates for their inputs. Local exchanges go through memory; a network
 * implementation adds remote channels for producers elsewhere.
 */
public interface ShuffleEnvironment {

    /** Creates and registers the output of one producing subtask on one edge. */
    ResultPartition createResultPartition(PartitionId id, int numSubpartitions) throws IOException;

    /** An input channel that reads subpartition {@code subpartitionIndex} of the partition {@code id}. */
    InputChannel createInputChannel(PartitionId id, int subpartitionIndex) throws IOException;

    /** Frees a partition once its consumers are done or its job has ended. */
    void releasePartition(PartitionId id);

    /**
     * Forgets what is left of a job none of whose tasks runs here any more (that its partitions
     * were released); called after its partitions have been released.
     */
    void forgetJob(JobId jobId);
}
