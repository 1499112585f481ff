package dev.spindle.network.netty;

import dev.spindle.network.AvailabilityListener;
import dev.spindle.network.Buffer;
import dev.spindle.network.BufferPool;
import dev.spindle.network.Events;
import dev.spindle.network.InputChannel;
import dev.spindle.network.PartitionId;
import dev.spindle.network.ResultSubpartition;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a subpartition produced in another process, over a {@link PartitionConnection} shared with
 * the other channels to the same server, with credit-based flow control.
 *
 * <p>The channel owns {@code exclusiveBuffers} buffers and starts with as much credit; each data
 * buffer received is copied into one of them, and each time the task recycles one, the channel
 * gives the producer one credit back. The producer sends data only against credit, so this
 * channel never holds more than its exclusive buffers and a consumer that does not read stops its
 * producer. Events are sent without credit and held outside the pool.
 *
 * <p>Threading: buffers and failures arrive on the connection's event loop; {@link #poll} and
 * {@link #release} come from the task thread; credit is announced from whichever thread recycles.
 */
public final class RemoteInputChannel implements InputChannel {
    private static final AtomicInteger NEXT_RECEIVER_ID = new AtomicInteger();

    private final PartitionId partitionId;
    private final int subpartitionIndex;
    private final InetSocketAddress producer;
    private final String producerName;
    private final PartitionClient client;
    private final int receiverId = NEXT_RECEIVER_ID.incrementAndGet();
    private final int exclusiveBuffers;
    private final BufferPool pool;
    private final ArrayDeque<Buffer> received = new ArrayDeque<>();
    private volatile PartitionConnection connection;
    /** Completes when the task is cancelled, which ends a wait for the connection. */
    private final java.util.concurrent.CompletableFuture<Void> cancelled =
            new java.util.concurrent.CompletableFuture<>();

    private AvailabilityListener listener;
    private int expectedSequence;
    private boolean endReceived;
    private boolean released;
    private IOException failure;

    RemoteInputChannel(
            PartitionId partitionId,
            int subpartitionIndex,
            PartitionLocator.RemoteProducer producer,
            PartitionClient client,
            int exclusiveBuffers,
            int bufferSize,
            dev.spindle.network.NetworkBufferBudget budget) {
        this.partitionId = Objects.requireNonNull(partitionId, "partitionId");
        this.subpartitionIndex = subpartitionIndex;
        this.producer = producer.address();
        this.producerName = producer.processName();
        this.client = client;
        this.exclusiveBuffers = exclusiveBuffers;
        this.pool = new BufferPool(
                exclusiveBuffers,
                bufferSize,
                this::announceCredit,
                budget,
                "the input from " + partitionId + "/" + subpartitionIndex);
    }

    int receiverId() {
        return receiverId;
    }

    @Override
    public void requestSubpartition(AvailabilityListener listener) throws IOException, InterruptedException {
        synchronized (this) {
            this.listener = listener;
        }
        PartitionConnection c;
        try {
            c = client.connect(producer, cancelled);
            c.register(this);
        } catch (IOException e) {
            // Name the producer's process, not only its address: that is what an operator looks for.
            throw new IOException("requesting " + this + " failed: " + e.getMessage(), e);
        }
        connection = c;
        c.send(new NettyMessage.PartitionRequest(partitionId, subpartitionIndex, receiverId, exclusiveBuffers));
    }

    @Override
    public ResultSubpartition.Polled poll() throws IOException {
        synchronized (this) {
            if (failure != null && !endReceived) {
                throw new IOException("reading " + this + " failed: " + failure.getMessage(), failure);
            }
            Buffer b = received.poll();
            return b == null ? null : new ResultSubpartition.Polled(b, !received.isEmpty());
        }
    }

    /** A buffer from the producer; copies {@code bytes} (which the caller releases). Event loop. */
    void onBuffer(int sequence, Buffer.Kind kind, ByteBuf bytes) {
        Buffer buffer;
        synchronized (this) {
            if (released || failure != null) {
                return;
            }
            if (sequence != expectedSequence) {
                failLocked(new IOException("buffer " + sequence + " arrived, expected " + expectedSequence));
                buffer = null;
            } else if (kind == Buffer.Kind.DATA) {
                buffer = pool.tryRequest();
                if (buffer == null || bytes.readableBytes() > buffer.capacity()) {
                    if (buffer != null) {
                        buffer.recycle();
                    }
                    failLocked(new IOException(
                            "producer sent a buffer without credit or larger than " + pool.bufferSize() + " bytes"));
                    buffer = null;
                } else {
                    int n = bytes.readableBytes();
                    bytes.readBytes(buffer.data(), 0, n);
                    buffer.setSize(n);
                }
            } else {
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.readBytes(copy);
                buffer = Buffer.event(copy);
                endReceived |= Events.typeOf(buffer) == Events.END_OF_PARTITION;
            }
            expectedSequence++;
            if (buffer == null) {
                return; // failed: the listener has been told
            }
            boolean wasEmpty = received.isEmpty();
            received.add(buffer);
            if (!wasEmpty) {
                return;
            }
        }
        listener.notifyDataAvailable();
    }

    /** The producer reported an error or the connection was lost. Event loop. */
    void onFailure(IOException cause) {
        synchronized (this) {
            if (released || endReceived || failure != null) {
                return;
            }
            failure = cause;
        }
        listener.notifyDataAvailable();
    }

    /** Records a failure found while holding the lock, and wakes the task once the lock is let go. */
    private void failLocked(IOException cause) {
        failure = cause;
        AvailabilityListener l = listener;
        PartitionConnection c = connection;
        if (c != null) {
            c.unregister(receiverId);
            c.send(new NettyMessage.Cancel(receiverId));
        }
        // The listener only takes the gate's lock, never this channel's, so calling it here is safe.
        l.notifyDataAvailable();
    }

    private void announceCredit() {
        PartitionConnection c = connection;
        boolean stillReading;
        synchronized (this) {
            stillReading = !released && !endReceived && failure == null;
        }
        if (c != null && stillReading) {
            c.send(new NettyMessage.AddCredit(receiverId, 1));
        }
    }

    @Override
    public void cancel() {
        cancelled.complete(null);
    }

    @Override
    public void release() {
        boolean cancel;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            cancel = !endReceived && failure == null;
            pool.destroy();
            Buffer b;
            while ((b = received.poll()) != null) {
                b.recycle();
            }
        }
        PartitionConnection c = connection;
        if (c != null) {
            c.unregister(receiverId);
            if (cancel) {
                c.send(new NettyMessage.Cancel(receiverId));
            }
        }
    }

    @Override
    public BufferPool bufferPool() {
        return pool;
    }

    /** Buffers of this channel's pool that hold data not yet recycled by the task (for tests). */
    public int buffersInUse() {
        return pool.buffersInUse();
    }

    @Override
    public String toString() {
        return "remote " + partitionId + "#" + subpartitionIndex + " from " + producerName + " at " + producer;
    }
}
