package dev.spindle.types;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A rough microbenchmark (a main, not a test) behind the choice of zig-zag var-longs for
 * {@link Types#LONG}: it times fixed 8-byte against var-length encoding for value distributions
 * that jobs produce. Run it from the IDE or with
 * {@code java -cp engine/target/classes:engine/target/test-classes dev.spindle.types.LongEncodingBenchmark}.
 */
public final class LongEncodingBenchmark {
    private static final int N = 1 << 20;

    private LongEncodingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        long[][] inputs = new long[4][N];
        String[] names = {"keys 0..100000", "counts 0..1000", "epoch millis", "uniform random"};
        for (int i = 0; i < N; i++) {
            inputs[0][i] = random.nextLong(100_000);
            inputs[1][i] = random.nextLong(1_000);
            inputs[2][i] = 1_700_000_000_000L + random.nextLong(100_000_000L);
            inputs[3][i] = random.nextLong();
        }
        DataOutputView out = new DataOutputView(N * 10);
        DataInputView in = new DataInputView();
        for (int round = 0; round < 5; round++) {
            System.out.println("round " + round);
            for (int d = 0; d < inputs.length; d++) {
                long[] values = inputs[d];
                long fixed = time(values, out, in, false);
                int fixedBytes = out.length();
                long var = time(values, out, in, true);
                int varBytes = out.length();
                System.out.printf("  %-16s fixed %5.2f ns/value %d B/value | var %5.2f ns/value %.2f B/value%n",
                        names[d], fixed / (double) N, fixedBytes / N, var / (double) N, varBytes / (double) N);
            }
        }
    }

    /** Nanoseconds to write and read back all values; leaves the bytes in {@code out}. */
    private static long time(long[] values, DataOutputView out, DataInputView in, boolean var) throws IOException {
        long start = System.nanoTime();
        out.clear();
        for (long v : values) {
            if (var) {
                LongSerializer.write(v, out);
            } else {
                out.writeLong(v);
            }
        }
        in.setBuffer(out.sharedBuffer(), 0, out.length());
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += var ? LongSerializer.read(in) : in.readLong();
        }
        long elapsed = System.nanoTime() - start;
        if (sum == 42) {
            System.out.println("(prevents dead-code elimination)");
        }
        return elapsed;
    }
}
