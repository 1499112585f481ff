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
    /** Channels held back during barrier alignment: not polled until unblocked. */
    private final boolean[] blocked;
    /** Blocked channels that announced data meanwhile. */
    private final boolean[] availableWhileBlocked;

    private final boolean announceChannelEnds;
    private int finishedCount;
    private boolean wakeUpRequested;
    private volatile boolean cancelled;

    public InputGate(List<InputChannel> channels) {
        this(channels, false);
    }

    /**
     * @param announceChannelEnds whether the gate also hands out each channel's end of partition
     *     (as an EVENT buffer), for a task that aligns checkpoint barriers and must learn that a
     *     channel ended; otherwise the gate consumes them
     */
    public InputGate(List<InputChannel> channels, boolean announceChannelEnds) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a gate needs at least one channel");
        }
        this.channels = List.copyOf(channels);
        this.queued = new boolean[channels.size()];
        this.finished = new boolean[channels.size()];
        this.blocked = new boolean[channels.size()];
        this.availableWhileBlocked = new boolean[channels.size()];
        this.announceChannelEnds = announceChannelEnds;
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
            if (blocked[channel]) {
                availableWhileBlocked[channel] = true;
            } else if (!queued[channel]) {
                queued[channel] = true;
                available.add(channel);
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The share of the buffers of the channels' own pools that are in use (0 when no channel has a
     * pool of its own: local channels read the producer's); for the {@code buffers.inPoolUsage}
     * metric, from any thread.
     */
    public double bufferPoolUsage() {
        long used = 0;
        long max = 0;
        for (InputChannel c : channels) {
            BufferPool pool = c.bufferPool();
            if (pool != null) {
                used += pool.buffersInUse();
                max += pool.maxBuffers();
            }
        }
        return max == 0 ? 0.0 : (double) used / max;
    }

    public int numberOfChannels() {
        return channels.size();
    }

    public boolean isFinished() {
        return finishedCount == channels.size();
    }

    /** Whether the channel has delivered its end of partition. Task thread. */
    public boolean isChannelFinished(int channel) {
        return finished[channel];
    }

    /**
     * Holds a channel back: its buffers stay with the channel (and, through credits or the
     * producer's pool, hold the producer back) until {@link #unblockAll}. Task thread.
     */
    public void block(int channel) {
        lock.lock();
        try {
            if (blocked[channel]) {
                return;
            }
            blocked[channel] = true;
            if (queued[channel]) {
                queued[channel] = false;
                available.remove(channel);
                availableWhileBlocked[channel] = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Releases every blocked channel, in channel order. Task thread. */
    public void unblockAll() {
        lock.lock();
        try {
            for (int c = 0; c < blocked.length; c++) {
                if (!blocked[c]) {
                    continue;
                }
                blocked[c] = false;
                if (availableWhileBlocked[c]) {
                    availableWhileBlocked[c] = false;
                    queued[c] = true;
                    available.add(c);
                }
            }
            if (!available.isEmpty()) {
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a waiting (or the next) {@link #getNext} return {@link #WAKE_UP} at once, so that the
     * task thread can act on something other than input (a checkpoint notification). Any thread.
     */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            nonEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #getNext} returns when {@link #wakeUp} interrupted its wait. */
    public static final BufferOrEvent WAKE_UP = new BufferOrEvent(null, -1);

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
                    if (wakeUpRequested) {
                        wakeUpRequested = false;
                        return WAKE_UP;
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
                    if (announceChannelEnds) {
                        return new BufferOrEvent(buffer, channel);
                    }
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
