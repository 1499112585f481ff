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

    /** Stops consuming and frees what the channel holds. */
    void release();
}
