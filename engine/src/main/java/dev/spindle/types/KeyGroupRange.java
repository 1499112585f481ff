package dev.spindle.types;

/**
 * A contiguous range of key groups, both ends inclusive: the key groups one parallel operator
 * instance owns (see {@link KeyHashing#rangeForOperator}). Empty when
 * {@code endInclusive == start - 1}.
 */
public record KeyGroupRange(int start, int endInclusive) {

    public KeyGroupRange {
        if (start < 0 || endInclusive < start - 1) {
            throw new IllegalArgumentException("invalid key group range [" + start + ", " + endInclusive + "]");
        }
    }

    /** Whether {@code keyGroup} lies in this range. */
    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= endInclusive;
    }

    /** The number of key groups in the range. */
    public int size() {
        return endInclusive - start + 1;
    }
}
