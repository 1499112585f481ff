package dev.spindle.metrics;

import java.util.Arrays;

/**
 * A histogram over the last {@code size} values, in a ring of fixed size (as Flink's
 * DescriptiveStatisticsHistogram): its memory never grows. Updates take the histogram's monitor,
 * which only the (rare) statistics snapshot contends for.
 */
public final class ReservoirHistogram implements Histogram {
    private final long[] ring;
    private long count;

    /** A histogram over the last 1,024 values. */
    public ReservoirHistogram() {
        this(1024);
    }

    public ReservoirHistogram(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a histogram needs room for at least one value, not " + size);
        }
        this.ring = new long[size];
    }

    @Override
    public synchronized void update(long value) {
        ring[(int) (count % ring.length)] = value;
        count++;
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        long[] sample;
        synchronized (this) {
            sample = Arrays.copyOf(ring, (int) Math.min(count, ring.length));
        }
        Arrays.sort(sample);
        return new SampleStatistics(sample);
    }

    /** The statistics of a sorted sample. */
    static final class SampleStatistics extends HistogramStatistics {
        private final long[] sorted;

        SampleStatistics(long[] sorted) {
            this.sorted = sorted;
        }

        /** Nearest rank on the sorted sample; 0 for an empty one. */
        @Override
        public double getQuantile(double quantile) {
            if (quantile < 0 || quantile > 1) {
                throw new IllegalArgumentException("a quantile is between 0 and 1, not " + quantile);
            }
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(quantile * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        @Override
        public long[] getValues() {
            return sorted.clone();
        }

        @Override
        public int size() {
            return sorted.length;
        }

        @Override
        public double getMean() {
            if (sorted.length == 0) {
                return 0;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sum / sorted.length;
        }

        /** The sample standard deviation (n - 1); 0 for fewer than two values. */
        @Override
        public double getStdDev() {
            if (sorted.length < 2) {
                return 0;
            }
            double mean = getMean();
            double squares = 0;
            for (long v : sorted) {
                squares += (v - mean) * (v - mean);
            }
            return Math.sqrt(squares / (sorted.length - 1));
        }

        @Override
        public long getMax() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        @Override
        public long getMin() {
            return sorted.length == 0 ? 0 : sorted[0];
        }
    }
}
