package dev.spindle.network;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.config.NetworkOptions;

/**
 * The fixed number of network buffers of one process (a TaskManager, or a local execution):
 * {@code taskmanager.memory.network.fraction} of {@code taskmanager.memory.process.size}, kept
 * within {@code .min} and {@code .max}, in buffers of {@code taskmanager.memory.segment-size}.
 * Every {@link BufferPool} of an exchange reserves its maximum here when it is made and gives it
 * back when destroyed, so the buffers of all exchanges together never exceed the budget, however
 * many tasks run. A task whose exchanges do not fit fails at once with a message naming the
 * options, instead of the process running out of memory later.
 *
 * <p>Thread-safe.
 */
public final class NetworkBufferBudget {
    private final int total;
    private final int segmentSize;
    private int reserved;

    public NetworkBufferBudget(int totalBuffers, int segmentSize) {
        if (totalBuffers < 1) {
            throw new IllegalArgumentException("a network budget needs at least one buffer");
        }
        this.total = totalBuffers;
        this.segmentSize = segmentSize;
    }

    /** The budget the configuration gives a process, in buffers of {@code segmentSize} bytes. */
    public static NetworkBufferBudget fromConfig(Configuration config, int segmentSize) {
        double fraction = config.get(NetworkOptions.NETWORK_FRACTION);
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(
                    NetworkOptions.NETWORK_FRACTION.key() + " must be between 0 and 1, was " + fraction);
        }
        long min = config.get(NetworkOptions.NETWORK_MIN).bytes();
        long max = config.get(NetworkOptions.NETWORK_MAX).bytes();
        if (min > max) {
            throw new IllegalArgumentException(NetworkOptions.NETWORK_MIN.key() + " (" + new MemorySize(min)
                    + ") is above " + NetworkOptions.NETWORK_MAX.key() + " (" + new MemorySize(max) + ")");
        }
        long process = config.get(ClusterOptions.TASK_MANAGER_MEMORY).bytes();
        long bytes = Math.max(min, Math.min(max, (long) (process * fraction)));
        return new NetworkBufferBudget(
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / segmentSize)), segmentSize);
    }

    /**
     * Takes {@code buffers} from the budget.
     *
     * @param purpose what needs them, for the message when they are not there
     * @throws InsufficientNetworkBuffersException if fewer are left
     */
    public synchronized void reserve(int buffers, String purpose) {
        if (buffers > total - reserved) {
            throw new InsufficientNetworkBuffersException("not enough network buffers for " + purpose + ": it needs "
                    + buffers + ", " + (total - reserved) + " of " + total + " are free ("
                    + new MemorySize((long) total * segmentSize)
                    + "); raise " + NetworkOptions.NETWORK_FRACTION.key() + " or " + NetworkOptions.NETWORK_MIN.key()
                    + ", or lower the parallelism or " + NetworkOptions.BUFFERS_PER_CHANNEL.key());
        }
        reserved += buffers;
    }

    public synchronized void release(int buffers) {
        reserved -= buffers;
        if (reserved < 0) {
            throw new IllegalStateException("released more network buffers than were reserved");
        }
    }

    public int total() {
        return total;
    }

    public synchronized int available() {
        return total - reserved;
    }

    /** The exchanges of a task need more buffers than its process has left. */
    public static final class InsufficientNetworkBuffersException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InsufficientNetworkBuffersException(String message) {
            super(message);
        }
    }
}
