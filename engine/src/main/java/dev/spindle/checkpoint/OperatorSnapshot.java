package dev.spindle.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * The state of one operator of a chain in one checkpoint.
 *
 * @param operatorState what the operator's {@code snapshotState} returned (source positions, a
 *     sink's pending files); null when it keeps none
 * @param keyedState the file of its keyed state, by key group; null when it has no keyed state
 */
public record OperatorSnapshot(byte[] operatorState, StateHandle keyedState) {
    public static final OperatorSnapshot EMPTY = new OperatorSnapshot(null, null);

    public boolean isEmpty() {
        return operatorState == null && keyedState == null;
    }

    /** By content, so that a checkpoint read back from its metadata equals the one written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorSnapshot other
                && Arrays.equals(operatorState, other.operatorState)
                && Objects.equals(keyedState, other.keyedState);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(operatorState) + Objects.hashCode(keyedState);
    }

    @Override
    public String toString() {
        return "OperatorSnapshot[operatorState="
                + (operatorState == null ? "null" : operatorState.length + " bytes")
                + ", keyedState=" + keyedState + "]";
    }
}
