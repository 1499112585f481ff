package dev.spindle.network;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All input channels of a task, merged: hands out buffers from whichever channel has data, in
 * the order channels announced it, and ends when every channel has delivered end of partition
 * (which it consumes itself).
 *
 * <p>Threading: {@link #setup}, {@link #pollNext} and {@link #getNext} are called by the task
 * thread only; availability notifications come from producer (or network) threads, and
 * {@link #cancel} from the thread that cancels the task.
 */
public final class InputGate implements Closeable {
    private final List<InputChannel> channels;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<Integer> available = new ArrayDeque<>();
    private final boolean[] queued;
    private final boolean[] finished;
    private int finishedCount;
    private volatile boolean cancelled;

    public InputGate(List<InputChannel> channels) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a gate needs at least one channel");
        }
        this.channels = List.copyOf(channels);
        this.queued = new boolean[channels.size()];
        this.finished = new boolean[channels.size()];
    }

    /**
     * Connects every channel to its producer.
     *
     * @throws CancelledWaitException if the gate is cancelled before or while it waits
     */
    public void setup() throws IOException, InterruptedException {
        for (int i = 0; i < channels.size(); i++) {
            throwIfCancelled();
            int index = i;
            channels.get(i).requestSubpartition(() -> markAvailable(index));
        }
    }

    private void markAvailable(int channel) {
        lock.lock();
        try {
            if (!queued[channel]) {
                queued[channel] = true;
                available.add(channel);
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int numberOfChannels() {
        return channels.size();
    }

    public boolean isFinished() {
        return finishedCount == channels.size();
    }

    /** The next buffer if one is ready now; null if none is ready or the gate has finished. */
    public BufferOrEvent pollNext() throws IOException {
        return next(false);
    }

    /** The next buffer, waiting for one; null once every channel has ended. */
    public BufferOrEvent getNext() throws IOException, InterruptedException {
        try {
            return next(true);
        } catch (InterruptedWait e) {
            throw e.cause;
        }
    }

    private BufferOrEvent next(boolean block) throws IOException {
        while (!isFinished()) {
            int channel;
            lock.lock();
            try {
                while (available.isEmpty()) {
                    throwIfCancelled();
                    if (!block) {
                        return null;
                    }
                    try {
                        nonEmpty.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedWait(e);
                    }
                }
                channel = available.poll();
                queued[channel] = false;
            } finally {
                lock.unlock();
            }
            ResultSubpartition.Polled polled = channels.get(channel).poll();
            if (polled == null) {
                continue; // a spurious notification: nothing there after all
            }
            if (polled.moreAvailable()) {
                markAvailable(channel);
            }
            Buffer buffer = polled.buffer();
            if (!buffer.isData() && Events.typeOf(buffer) == Events.END_OF_PARTITION) {
                if (!finished[channel]) {
                    finished[channel] = true;
                    finishedCount++;
                }
                continue;
            }
            return new BufferOrEvent(buffer, channel);
        }
        return null;
    }

    /**
     * Wakes the task thread wherever it waits in this gate ({@link #setup}, {@link #getNext}):
     * the call throws {@link CancelledWaitException}, and so does every later one. Explicit, because
     * an interrupt misses a task thread that has not started yet when it is cancelled. Any thread.
     */
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        for (InputChannel c : channels) {
            c.cancel();
        }
    }

    private void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledWaitException("input gate cancelled");
        }
    }

    @Override
    public void close() {
        for (InputChannel c : channels) {
            c.release();
        }
    }

    /** Carries an interrupt through {@link #next}, which is shared by the blocking and polling paths. */
    private static final class InterruptedWait extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final InterruptedException cause;

        InterruptedWait(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
