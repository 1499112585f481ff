package dev.spindle.network;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of equal-sized buffers. {@link #request} blocks while all are in use: this is
 * the backpressure of an exchange. Buffers are allocated lazily, up to the limit.
 *
 * <p>Thread-safe: the producing task requests, the consuming side recycles.
 */
public final class BufferPool {
    private final int bufferSize;
    private final int maxBuffers;
    private final ArrayDeque<Buffer> free = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Runnable recycleListener;
    private final NetworkBufferBudget budget;
    private int allocated;
    private boolean destroyed;

    public BufferPool(int maxBuffers, int bufferSize) {
        this(maxBuffers, bufferSize, null);
    }

    /**
     * A pool that calls {@code recycleListener} (on the recycling thread, outside the pool's lock)
     * each time a buffer comes back while the pool is alive; a network channel uses it to give its
     * producer credit again.
     */
    public BufferPool(int maxBuffers, int bufferSize, Runnable recycleListener) {
        this(maxBuffers, bufferSize, recycleListener, null, null);
    }

    /**
     * A pool whose {@code maxBuffers} are reserved from {@code budget} (if not null) until it is
     * destroyed.
     *
     * @param purpose what the pool is for, named when the budget is short
     * @throws NetworkBufferBudget.InsufficientNetworkBuffersException when the budget is short
     */
    public BufferPool(
            int maxBuffers, int bufferSize, Runnable recycleListener, NetworkBufferBudget budget, String purpose) {
        this.recycleListener = recycleListener;
        if (maxBuffers < 1 || bufferSize < 64) {
            throw new IllegalArgumentException("a pool needs at least one buffer of at least 64 bytes");
        }
        this.maxBuffers = maxBuffers;
        this.bufferSize = bufferSize;
        if (budget != null) {
            budget.reserve(maxBuffers, purpose);
        }
        this.budget = budget;
    }

    /**
     * A free buffer, waiting for one if necessary.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws PartitionReleasedException if the pool is destroyed before or while waiting
     */
    public Buffer request() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (destroyed) {
                    throw new PartitionReleasedException("buffer pool destroyed");
                }
                Buffer b = free.poll();
                if (b != null) {
                    return b;
                }
                if (allocated < maxBuffers) {
                    allocated++;
                    return new Buffer(new byte[bufferSize], Buffer.Kind.DATA, this);
                }
                available.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A free buffer if one is there now, else null; never waits. */
    public Buffer tryRequest() {
        lock.lock();
        try {
            if (destroyed) {
                throw new PartitionReleasedException("buffer pool destroyed");
            }
            Buffer b = free.poll();
            if (b == null && allocated < maxBuffers) {
                allocated++;
                b = new Buffer(new byte[bufferSize], Buffer.Kind.DATA, this);
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    void recycle(Buffer buffer) {
        lock.lock();
        try {
            if (destroyed) {
                allocated--;
                return; // dropped: garbage collected
            }
            free.push(buffer);
            available.signal();
        } finally {
            lock.unlock();
        }
        if (recycleListener != null) {
            recycleListener.run();
        }
    }

    /** Frees the buffers, gives them back to the budget, and fails current and future requests. */
    public void destroy() {
        lock.lock();
        try {
            if (destroyed) {
                return;
            }
            destroyed = true;
            if (budget != null) {
                budget.release(maxBuffers);
            }
            allocated -= free.size();
            free.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int bufferSize() {
        return bufferSize;
    }

    public int maxBuffers() {
        return maxBuffers;
    }

    /** Buffers handed out and not yet recycled; for tests and metrics. */
    public int buffersInUse() {
        lock.lock();
        try {
            return allocated - free.size();
        } finally {
            lock.unlock();
        }
    }
}
