package dev.spindle.checkpoint;

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
}
