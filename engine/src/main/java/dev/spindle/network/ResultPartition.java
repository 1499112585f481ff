package dev.spindle.network;

import java.util.Objects;

/**
 * The output of one producing subtask on one edge: a subpartition per consumer and the buffer
 * pool they share.
 */
public final class ResultPartition {
    private final PartitionId id;
    private final ResultSubpartition[] subpartitions;
    private final BufferPool pool;
    private volatile boolean released;

    public ResultPartition(PartitionId id, int numSubpartitions, BufferPool pool) {
        this.id = Objects.requireNonNull(id, "id");
        if (numSubpartitions < 1) {
            throw new IllegalArgumentException("a partition needs at least one subpartition");
        }
        if (pool.maxBuffers() <= numSubpartitions) {
            // The writer keeps one open buffer per subpartition and needs one more to make progress.
            throw new IllegalArgumentException("pool of " + pool.maxBuffers() + " buffers is too small for "
                    + numSubpartitions + " subpartitions");
        }
        this.subpartitions = new ResultSubpartition[numSubpartitions];
        for (int i = 0; i < numSubpartitions; i++) {
            subpartitions[i] = new ResultSubpartition();
        }
        this.pool = pool;
    }

    public PartitionId id() {
        return id;
    }

    public int numSubpartitions() {
        return subpartitions.length;
    }

    public ResultSubpartition subpartition(int index) {
        return subpartitions[index];
    }

    /** A free buffer to fill; blocks while the consumers are behind (backpressure). */
    public Buffer requestBuffer() throws InterruptedException {
        if (released) {
            throw new PartitionReleasedException("partition " + id + " released");
        }
        return pool.request();
    }

    /** A free buffer if one is there now, else null; never waits. */
    public Buffer tryRequestBuffer() {
        if (released) {
            throw new PartitionReleasedException("partition " + id + " released");
        }
        return pool.tryRequest();
    }

    public void emit(Buffer buffer, int subpartition) {
        subpartitions[subpartition].add(buffer);
    }

    /** Ends every subpartition: consumers see end of partition after the data. */
    public void finish() {
        for (ResultSubpartition s : subpartitions) {
            s.add(Events.endOfPartition());
        }
    }

    /** Frees all memory and fails its producer and consumers; used when a job fails or is cancelled. */
    public void release() {
        released = true;
        for (ResultSubpartition s : subpartitions) {
            s.release();
        }
        pool.destroy();
    }

    public boolean isReleased() {
        return released;
    }

    public BufferPool pool() {
        return pool;
    }
}
