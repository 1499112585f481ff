package dev.spindle.examples.datagen;

import java.nio.charset.StandardCharsets;

/**
 * The generator's vocabulary {@code w1 … wV} with integer Zipf weights {@code W(k) = floor(2^32 / k)}
 * and the exact, integer-only mapping from a random draw to a rank. Integer arithmetic throughout
 * keeps the output identical on every platform, which floating-point sampling would not guarantee.
 * Immutable and safe to share between threads.
 */
public final class ZipfVocabulary {

    /** The number of distinct words of the normative workload. */
    public static final int DEFAULT_SIZE = 100_000;

    private static final long WEIGHT_NUMERATOR = 1L << 32;

    /** Draws {@code r} fall into guide buckets of {@code 2^GUIDE_SHIFT} consecutive values. */
    private static final int GUIDE_SHIFT = 20;

    /** {@code cumulative[k - 1] = C(k) = W(1) + … + W(k)}, strictly increasing. */
    private final long[] cumulative;

    /** {@code encoded[k - 1]} is the ASCII encoding of word {@code wk}, pre-built for fast output. */
    private final byte[][] encoded;

    /**
     * {@code guide[b]} is the first index whose cumulative weight exceeds {@code b << GUIDE_SHIFT}.
     * It narrows each binary search to the few ranks of one bucket: the result stays exactly the
     * smallest {@code k} with {@code C(k) > r}, only found in about a third of the steps.
     */
    private final int[] guide;

    public ZipfVocabulary(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("vocabulary size must be >= 1, got " + size);
        }
        cumulative = new long[size];
        encoded = new byte[size][];
        long sum = 0;
        for (int k = 1; k <= size; k++) {
            sum += WEIGHT_NUMERATOR / k;
            cumulative[k - 1] = sum;
            encoded[k - 1] = word(k).getBytes(StandardCharsets.US_ASCII);
        }
        guide = new int[(int) ((sum - 1) >>> GUIDE_SHIFT) + 2];
        int index = 0;
        for (int b = 0; b < guide.length; b++) {
            long bucketStart = (long) b << GUIDE_SHIFT;
            while (index < size - 1 && cumulative[index] <= bucketStart) {
                index++;
            }
            guide[b] = index;
        }
    }

    /** The word of rank {@code k}: {@code "w"} followed by {@code k} in decimal. */
    public static String word(int k) {
        return "w" + k;
    }

    public int size() {
        return cumulative.length;
    }

    /** {@code T = C(V)}, the sum of all weights. */
    public long totalWeight() {
        return cumulative[cumulative.length - 1];
    }

    /**
     * Maps 64 random bits to a rank: {@code r = (bits >>> 11) mod T}, then the smallest {@code k}
     * with {@code C(k) > r}. {@code bits >>> 11} is below 2^53, so signed arithmetic is exact.
     */
    public int rankOf(long bits) {
        long r = (bits >>> 11) % totalWeight();
        // The answer lies between the first index above the bucket's start and the first index
        // above the next bucket's start; binary search for it there.
        int bucket = (int) (r >>> GUIDE_SHIFT);
        int lo = guide[bucket];
        int hi = guide[bucket + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo + 1;
    }

    /** The length in bytes of the longest word. */
    public int maxWordLength() {
        return encoded[encoded.length - 1].length;
    }

    /** The ASCII bytes of word {@code wk}; the caller must not modify the returned array. */
    byte[] encoded(int k) {
        return encoded[k - 1];
    }
}
