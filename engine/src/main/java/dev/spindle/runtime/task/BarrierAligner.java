package dev.spindle.runtime.task;

import dev.spindle.network.InputGate;

/**
 * Aligns the checkpoint barriers that arrive on the channels of a task's input gate, and says
 * when the task takes its checkpoint: once every channel has delivered the barrier or has ended.
 *
 * <p>EXACTLY_ONCE: a channel that delivered the barrier is blocked in the gate until the others
 * catch up, so no record after the barrier is processed before the checkpoint; its buffers stay
 * with the channel and hold its producer back (memory stays bounded). AT_LEAST_ONCE: channels
 * keep flowing, and the checkpoint is taken when the last barrier arrives.
 *
 * <p>A barrier of a newer checkpoint while one is being aligned abandons the older one (its
 * coordinator times it out or has already given it up); barriers of older checkpoints are
 * ignored. Threading: task thread only.
 */
final class BarrierAligner {
    private final InputGate gate;
    private final boolean blockChannels;
    private final boolean[] seen;
    private long aligning = -1;
    private long alignTimestamp;
    private int seenCount;
    /** The newest checkpoint this task has taken or abandoned; older barriers are stale. */
    private long latest = -1;

    BarrierAligner(InputGate gate, boolean exactlyOnce) {
        this.gate = gate;
        this.blockChannels = exactlyOnce;
        this.seen = new boolean[gate.numberOfChannels()];
    }

    /** A checkpoint that alignment completed: take it now. */
    record Aligned(long checkpointId, long timestamp) {}

    /** A barrier from {@code channel}; returns the checkpoint to take now, or null. */
    Aligned onBarrier(int channel, long checkpointId, long timestamp) {
        if (checkpointId <= latest) {
            return null;
        }
        if (checkpointId > aligning) {
            if (aligning >= 0) {
                abandon(); // a newer barrier overtook an alignment: the older checkpoint is lost
            }
            aligning = checkpointId;
            alignTimestamp = timestamp;
        }
        if (!seen[channel]) {
            seen[channel] = true;
            seenCount++;
            if (blockChannels) {
                gate.block(channel);
            }
        }
        return completeIfAligned();
    }

    /** A channel ended; an alignment in progress may be complete now. */
    Aligned onChannelEnd(int channel) {
        return aligning < 0 ? null : completeIfAligned();
    }

    /** The newest checkpoint taken or abandoned, so that a trigger by RPC is not taken twice. */
    long latest() {
        return latest;
    }

    /** Records a checkpoint the task took by other means (a trigger after its input ended). */
    void taken(long checkpointId) {
        latest = Math.max(latest, checkpointId);
    }

    private Aligned completeIfAligned() {
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c] && !gate.isChannelFinished(c)) {
                return null;
            }
        }
        Aligned done = new Aligned(aligning, alignTimestamp);
        latest = aligning;
        reset();
        return done;
    }

    private void abandon() {
        latest = aligning;
        reset();
    }

    private void reset() {
        aligning = -1;
        seenCount = 0;
        java.util.Arrays.fill(seen, false);
        if (blockChannels) {
            gate.unblockAll();
        }
    }

    /** Whether a checkpoint is being aligned. */
    boolean isAligning() {
        return aligning >= 0;
    }
}
