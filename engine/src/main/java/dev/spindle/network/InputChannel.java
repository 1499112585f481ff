package dev.spindle.network;

import java.io.IOException;

/**
 * The consuming end of one subpartition, as one input of an {@link InputGate}. The local
 * implementation reads the producer's queue directly; a remote one receives buffers over the
 * network with credit-based flow control.
 */
public interface InputChannel {

    /** Connects to the producer; {@code listener} hears whenever data becomes available. */
    void requestSubpartition(AvailabilityListener listener) throws IOException, InterruptedException;

    /** The next buffer if one is there, else null. */
    ResultSubpartition.Polled poll() throws IOException;

    /**
     * Makes a {@link #requestSubpartition} that waits (for the producer to register its partition,
     * or for the connection to its process) return at once with a {@link CancelledWaitException};
     * from any thread, while the task thread waits. The task is being cancelled.
     */
    void cancel();

    /** Stops consuming and frees what the channel holds. */
    void release();

    /** The pool the channel receives into, or null when it reads the producer's buffers (a local channel). */
    default BufferPool bufferPool() {
        return null;
    }
}
