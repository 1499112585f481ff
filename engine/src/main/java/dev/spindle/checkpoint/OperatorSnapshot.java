package dev.spindle.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * The state of one operator of a chain in one checkpoint.
 *
 * @param operatorId the operator's id ({@code dev.spindle.graph.OperatorIds}), what a restore
 *     matches state to operators by
 * @param operatorState its operator state store's snapshot ({@code
 *     dev.spindle.state.OperatorStateSnapshot} bytes: source positions, a sink's pending files);
 *     null when it keeps none
 * @param keyedState the file of its keyed state, by key group; null when it has no keyed state
 */
public record OperatorSnapshot(String operatorId, byte[] operatorState, StateHandle keyedState) {
    public OperatorSnapshot {
        java.util.Objects.requireNonNull(operatorId, "operatorId");
    }

    public boolean isEmpty() {
        return operatorState == null && keyedState == null;
    }

    /** By content, so that a checkpoint read back from its metadata equals the one written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorSnapshot other
                && operatorId.equals(other.operatorId)
                && Arrays.equals(operatorState, other.operatorState)
                && Objects.equals(keyedState, other.keyedState);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * operatorId.hashCode() + Arrays.hashCode(operatorState)) + Objects.hashCode(keyedState);
    }

    @Override
    public String toString() {
        return "OperatorSnapshot[operatorId=" + operatorId + ", operatorState="
                + (operatorState == null ? "null" : operatorState.length + " bytes")
                + ", keyedState=" + keyedState + "]";
    }
}
