package dev.spindle.network;

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
}
