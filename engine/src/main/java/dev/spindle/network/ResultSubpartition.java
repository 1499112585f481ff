package dev.spindle.network;

import java.util.ArrayDeque;

/**
 * The queue of buffers from one producer to one consumer. The producer {@link #add}s; the one
 * consumer subscribes with a listener and {@link #poll}s. The listener hears of data only when
 * the queue goes from empty to non-empty; a consumer that sees {@code moreAvailable} comes back
 * by itself. Thread-safe.
 */
public final class ResultSubpartition {
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private AvailabilityListener listener;
    private boolean released;

    /** Appends a buffer; after release the buffer is recycled and dropped. */
    public void add(Buffer buffer) {
        AvailabilityListener toNotify = null;
        synchronized (this) {
            if (released) {
                buffer.recycle();
                return;
            }
            if (queue.isEmpty()) {
                toNotify = listener;
            }
            queue.add(buffer);
        }
        if (toNotify != null) {
            toNotify.notifyDataAvailable();
        }
    }

    /** Registers the consumer; notifies it at once if data is already queued. */
    public void subscribe(AvailabilityListener consumer) {
        boolean hasData;
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("subpartition already has a consumer");
            }
            listener = consumer;
            hasData = !queue.isEmpty();
        }
        if (hasData) {
            consumer.notifyDataAvailable();
        }
    }

    /** The next buffer and whether more are queued behind it, or null if the queue is empty. */
    public synchronized Polled poll() {
        if (released) {
            throw new PartitionReleasedException("subpartition released");
        }
        Buffer b = queue.poll();
        return b == null ? null : new Polled(b, !queue.isEmpty());
    }

    /**
     * Drops and recycles everything queued; later adds are recycled at once. The consumer is
     * notified, so that it learns of the release from its next {@link #poll} instead of waiting.
     */
    public void release() {
        AvailabilityListener toNotify;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            toNotify = listener;
            Buffer b;
            while ((b = queue.poll()) != null) {
                b.recycle();
            }
        }
        if (toNotify != null) {
            toNotify.notifyDataAvailable();
        }
    }

    public synchronized int queuedBuffers() {
        return queue.size();
    }

    /** A polled buffer. */
    public record Polled(Buffer buffer, boolean moreAvailable) {}
}
